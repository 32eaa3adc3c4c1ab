import type { ModalView } from '@slack/types';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/log.js';
import type { OutgoingMessage } from '../../core/message.js';
import type { ChannelAddress, ChatAdapter, CommandPort, PostOptions, PostResult } from '../../core/ports.js';
import { SitrepError } from '../../errors.js';
import { slackComponentLog } from './component-log.js';
import { mapSlackError } from './errors.js';
import {
  FORM_CALLBACK_PREFIX,
  formView,
  homeView,
  resultView,
  slackErrors,
  submissionOf,
  type ViewSubmissionBody,
} from './forms.js';
import { postToResponseUrl, type ReplyChannel, SlackInteractions } from './interactions.js';
import { SlackManagers } from './managers.js';
import type { SlackOAuth } from './oauth.js';
import { type BlockActionsBody, parseSlackAddress, type SlashCommandBody, slackChannel } from './parse.js';
import { SlackPoster } from './posting.js';
import { ACTION_PREFIX, renderSlackMessages } from './render.js';
import { SlackTransport, type SlackTransportOptions, webClientOptions } from './transport.js';

/** The transport's options (tokens, secret, API base, HTTP server, log), plus posting and acking. */
export interface SlackAdapterOptions extends Omit<SlackTransportOptions, 'authorize'> {
  /** Many workspaces: tokens come from installations made through `/slack/install`. */
  oauth?: SlackOAuth;
  /** A workspace uninstalled Sitrep or revoked its token; its installation is already gone. */
  onWorkspaceRemoved?: (workspace: string, why: 'app_uninstalled' | 'tokens_revoked') => Promise<void>;
  /** Gap between two parts of one split delivery (default 1,000 ms). */
  partIntervalMs?: number;
  /** How long a command ack waits for its answer (default 2,200 ms; Slack allows 3 s). */
  ackBudgetMs?: number;
}

/** A channel resolved to the workspace client that may post to it. */
interface Target {
  teamId: string | undefined;
  channelId: string;
  poster: SlackPoster;
  client: WebClient;
}

/**
 * Sitrep on Slack: commands and buttons in, briefings and alerts out. With one bot token every
 * channel is in that token's workspace; with OAuth each post uses the token of the channel's own
 * workspace, looked up in the installations, and nothing else.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  readonly transport: SlackTransport;
  private readonly log: Logger;
  /** Channel → workspace, as learnt from commands (for addresses that do not name it). */
  private readonly workspaces = new Map<string, string>();
  /** Per workspace (OAuth), or the one token's under the key ''. */
  private readonly clients = new Map<string, { client: WebClient; poster: SlackPoster }>();
  private teamId: string | undefined;
  private interactions: SlackInteractions | undefined;
  private commands: CommandPort | undefined;
  private readonly managers: SlackManagers;

  constructor(private readonly options: SlackAdapterOptions) {
    this.log = slackComponentLog(options.log);
    const transportOptions: SlackTransportOptions = { ...options };
    if (options.oauth) {
      delete transportOptions.botToken;
      transportOptions.authorize = options.oauth.authorize;
      if (options.http) options.oauth.mount(options.http);
    }
    this.transport = new SlackTransport(transportOptions);
    if (options.botToken) this.clients.set('', this.createClient(options.botToken));
    this.managers = new SlackManagers({
      client: async (teamId) => (await this.workspaceClient(teamId)).client,
      installer: async (teamId) => (options.oauth && teamId ? options.oauth.store.installer(teamId) : undefined),
      log: this.log,
    });

    this.transport.onCommand(async ({ body, ack }) => {
      const command = body as unknown as SlashCommandBody;
      this.workspaces.set(command.channel_id, command.team_id);
      if (!this.interactions) return void (await ack());
      await this.interactions.slashCommand(command, async (reply) => {
        await ack(reply as never);
      });
    });
    this.transport.onAction(new RegExp(`^${ACTION_PREFIX}`), async ({ body, action, ack }) => {
      const payload = body as unknown as BlockActionsBody;
      if (!payload.user?.id) {
        // Slack always says who pressed; a payload without it is not from Slack's client: ignore it.
        this.log.warn({}, 'slack block_actions without a user; ignored');
        return void (await ack());
      }
      const channelId = payload.channel?.id ?? payload.container?.channel_id;
      const teamId = payload.team?.id ?? payload.user.team_id;
      if (channelId && teamId) this.workspaces.set(channelId, teamId);
      if (!this.interactions) return void (await ack());
      await this.interactions.blockAction(payload, (action as { action_id: string }).action_id, () => ack());
    });
    this.transport.onView(new RegExp(`^${FORM_CALLBACK_PREFIX}`), async ({ body, ack }) => {
      await ack((await this.formSubmitted(body as unknown as ViewSubmissionBody)) as never);
    });
    this.transport.onEvent('app_home_opened', async ({ body, event }) => {
      const opened = event as { user?: string; tab?: string };
      const teamId = (body as { team_id?: string }).team_id;
      if (opened.tab === 'home' && opened.user) await this.publishHome(teamId, opened.user);
    });
    if (options.oauth) {
      // Slack's guidance for distributed apps: forget a workspace's tokens when it uninstalls the app
      // or revokes them (Bolt skips authorize for these two events, the token being gone already).
      this.transport.onEvent('app_uninstalled', async ({ body }) => {
        await this.forget((body as { team_id?: string }).team_id, 'app_uninstalled');
      });
      this.transport.onEvent('tokens_revoked', async ({ body, event }) => {
        const revoked = (event as { tokens?: { bot?: string[] } }).tokens?.bot ?? [];
        if (revoked.length > 0) await this.forget((body as { team_id?: string }).team_id, 'tokens_revoked');
      });
    }
  }

  get mode(): 'http' | 'socket' {
    return this.transport.mode;
  }

  async start(commands: CommandPort): Promise<void> {
    const replies: ReplyChannel = {
      respond: (url, body) => postToResponseUrl(url, body),
      overflow: async (target, body) => {
        const { response_type: type, replace_original: _r, delete_original: _d, ...payload } = body;
        const resolved = await this.workspaceClient(target.teamId);
        if (type === 'in_channel') return resolved.poster.postPlain(target.channelId, payload);
        try {
          await resolved.client.chat.postEphemeral({
            channel: target.channelId,
            user: target.userId,
            text: payload.text,
            blocks: payload.blocks as never,
          });
        } catch (error) {
          throw mapSlackError(error, 'chat.postEphemeral');
        }
      },
    };
    this.commands = commands;
    const interactionOptions: ConstructorParameters<typeof SlackInteractions>[0] = {
      commands,
      replies,
      openForm: (target, triggerId, form) => this.openForm(target.teamId, triggerId, formView(form, target.channelId)),
      log: this.log,
      addressing: this.options.oauth ? 'qualified' : 'bare',
      isManager: (teamId, userId) => this.managers.isManager(teamId, userId),
    };
    if (this.options.ackBudgetMs !== undefined) interactionOptions.ackBudgetMs = this.options.ackBudgetMs;
    this.interactions = new SlackInteractions(interactionOptions);
    const { teamId } = await this.transport.start();
    this.teamId = teamId;
  }

  async stop(): Promise<void> {
    await this.transport.stop();
  }

  async post(
    to: ChannelAddress,
    message: OutgoingMessage,
    deliveryId: string,
    options: PostOptions = {},
  ): Promise<PostResult> {
    let target: Target;
    let payloads: ReturnType<typeof renderSlackMessages>;
    try {
      target = await this.resolve(to);
      payloads = renderSlackMessages(message);
    } catch (error) {
      return { ok: false, error: mapSlackError(error, 'posting to Slack') };
    }
    return target.poster.post(target.channelId, payloads, deliveryId, options.thread);
  }

  async findDelivery(
    to: ChannelAddress,
    deliveryId: string,
    options: PostOptions = {},
  ): Promise<{ messageId: string } | undefined> {
    const target = await this.resolve(to);
    return target.poster.findDelivery(target.channelId, deliveryId, options.thread);
  }

  isConnected(): boolean {
    return this.transport.isConnected();
  }

  /** The workspace (team id) of a channel: named in the address, learnt from commands, else the token's own. */
  workspaceOf(channel: ChannelAddress): string | undefined {
    const address = parseSlackAddress(channel);
    if (!address) return undefined;
    return address.teamId ?? this.workspaces.get(address.channelId) ?? this.teamId;
  }

  /**
   * The address naming its workspace, for a channel stored without one, when that channel is in
   * `workspace` (its bot can read the channel); undefined otherwise. Used once per channel when a
   * single-token deployment's data meets OAuth.
   */
  async qualify(channel: ChannelAddress, workspace: string): Promise<ChannelAddress | undefined> {
    const address = parseSlackAddress(channel);
    if (!address || address.teamId) return undefined;
    const { client } = await this.workspaceClient(workspace);
    try {
      await client.conversations.history({ channel: address.channelId, limit: 1 });
    } catch {
      return undefined;
    }
    this.workspaces.set(address.channelId, workspace);
    return slackChannel(address.channelId, workspace);
  }

  private createClient(token: string): { client: WebClient; poster: SlackPoster } {
    // Posting makes no retries of its own: the delivery layer retries, asking findDelivery first.
    const client = new WebClient(
      token,
      webClientOptions(this.options.apiUrl, this.options.log, { retryConfig: { retries: 0 } }),
    );
    const posterOptions: ConstructorParameters<typeof SlackPoster>[1] = { log: this.log };
    if (this.options.partIntervalMs !== undefined) posterOptions.partIntervalMs = this.options.partIntervalMs;
    return { client, poster: new SlackPoster(client, posterOptions) };
  }

  /** The client of a workspace: the one token's, or (OAuth) that workspace's installation's. */
  private async workspaceClient(teamId: string | undefined): Promise<{ client: WebClient; poster: SlackPoster }> {
    const oauth = this.options.oauth;
    if (!oauth) {
      const single = this.clients.get('');
      if (!single) throw new SitrepError('auth_failed', 'Slack has no bot token');
      if (teamId && this.teamId && teamId !== this.teamId) {
        throw new SitrepError('missing_access', `Slack workspace ${teamId} is not the bot token's workspace`);
      }
      return single;
    }
    if (!teamId) throw new SitrepError('channel_not_found', 'the Slack channel does not say which workspace it is in');
    const cached = this.clients.get(teamId);
    if (cached) return cached;
    const token = await oauth.store.botToken(teamId);
    if (!token) throw new SitrepError('auth_failed', `Sitrep is not installed in Slack workspace ${teamId}`);
    const created = this.createClient(token);
    this.clients.set(teamId, created);
    return created;
  }

  private async resolve(to: ChannelAddress): Promise<Target> {
    const address = parseSlackAddress(to);
    if (!address) throw new SitrepError('channel_not_found', `${to} is not a Slack channel`);
    let teamId = address.teamId ?? this.workspaces.get(address.channelId);
    if (!teamId && this.options.oauth) {
      // A channel stored before OAuth: the only installation, or the one whose bot can read it.
      const installed = await this.options.oauth.installedWorkspaces();
      for (const workspace of installed) {
        if (installed.length === 1 || (await this.qualify(to, workspace))) {
          teamId = workspace;
          break;
        }
      }
    }
    const { client, poster } = await this.workspaceClient(teamId);
    return { teamId, channelId: address.channelId, client, poster };
  }

  /** The App Home tab for one person: this workspace's channels and the latest changes. */
  private async publishHome(teamId: string | undefined, userId: string): Promise<void> {
    const home = this.commands?.home;
    if (!home) return;
    const caller = {
      platform: 'slack' as const,
      userId,
      channel: slackChannel('home', this.options.oauth ? teamId : undefined),
      ...(teamId ? { workspace: teamId } : {}),
    };
    const message = await home(
      caller,
      (channel) => channel.startsWith('slack:') && this.workspaceOf(channel) === (teamId ?? this.teamId),
    );
    try {
      const { client } = await this.workspaceClient(teamId);
      await client.views.publish({ user_id: userId, view: homeView(message) });
    } catch (error) {
      this.log.warn({ err: mapSlackError(error, 'views.publish').message }, 'slack home could not be published');
    }
  }

  private async openForm(teamId: string | undefined, triggerId: string, view: ModalView): Promise<boolean> {
    try {
      const { client } = await this.workspaceClient(teamId);
      await client.views.open({ trigger_id: triggerId, view });
      return true;
    } catch (error) {
      this.log.warn({ err: mapSlackError(error, 'views.open').message }, 'slack form could not be opened');
      return false;
    }
  }

  /** A modal submitted: the core's answer as Slack's `response_action` (errors, or the next view). */
  private async formSubmitted(body: ViewSubmissionBody): Promise<Record<string, unknown>> {
    const submitted = submissionOf(body);
    const submitForm = this.commands?.submitForm;
    if (!submitted || !submitForm) return { response_action: 'clear' };
    const teamId = body.team?.id ?? body.user.team_id;
    const caller = {
      platform: 'slack' as const,
      userId: body.user.id,
      channel: slackChannel(submitted.channel, this.options.oauth ? teamId : undefined),
      ...(teamId ? { workspace: teamId } : {}),
    };
    const outcome = await submitForm(
      { kind: submitted.kind, state: submitted.state, values: submitted.values },
      caller,
    );
    switch (outcome.kind) {
      case 'invalid':
        return { response_action: 'errors', errors: slackErrors(outcome.errors, Object.keys(submitted.values)) };
      case 'conflict':
        return { response_action: 'update', view: formView(outcome.retry, submitted.channel) };
      case 'done':
        return { response_action: 'update', view: resultView(outcome.message) };
    }
  }

  private async forget(teamId: string | undefined, why: 'app_uninstalled' | 'tokens_revoked'): Promise<void> {
    if (!teamId || !this.options.oauth) return;
    this.clients.delete(teamId);
    await this.options.oauth.store.deleteInstallation({ teamId, isEnterpriseInstall: false, enterpriseId: undefined });
    this.log.info({ workspace: teamId, why }, 'slack workspace removed');
    await this.options.onWorkspaceRemoved?.(teamId, why);
  }

  /** A re-install brings a new token: the next post reads it. */
  dropClient(teamId: string): void {
    this.clients.delete(teamId);
  }
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(options);
}
