import {
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  Status,
} from 'discord.js';
import { type APIModalInteractionResponseCallbackData, ComponentType } from 'discord-api-types/v10';
import { within } from '../../core/helpers.js';
import type { Logger } from '../../core/log.js';
import { errorMessage } from '../../errors.js';
import type { AutocompleteChoice, InteractionResponder } from './interactions.js';
import type { RawInteraction, RawOption } from './parse.js';
import type { DiscordPayload } from './render.js';
import { type RestSettings, restOptions } from './rest.js';
import type { InteractionSink } from './transport.js';

// The gateway: interactions through a discord.js Client, answered with its interaction methods.
/**
 * Hands discord.js an object that is already in API shape. Plain objects would go through its
 * `jsonTransformer` (toSnakeCase: a deep copy with lodash's snakeCase on every key), which changes
 * nothing in our payloads (render.ts builds API objects) but costs ~0.1 ms per answer (issue #4,
 * bench/discord-path.ts); a JSONEncodable's `toJSON()` is sent as is.
 */
class AsIs<T> {
  constructor(private readonly value: T) {}

  toJSON(): T {
    return this.value;
  }
}

const asIs = <T>(value: T) => new AsIs(value);

/** What a message payload becomes for discord.js's interaction methods. */
function replyOptions(payload: DiscordPayload, ephemeral?: boolean): InteractionReplyOptions {
  const options: InteractionReplyOptions = {
    embeds: payload.embeds.map(asIs),
    components: (payload.components ?? []).map(asIs),
    allowedMentions: { parse: [] },
  };
  if (payload.content) options.content = payload.content;
  if (ephemeral) options.flags = MessageFlags.Ephemeral;
  return options;
}

// ------------------------------------------------------------------------------------- gateway

/** A discord.js interaction in the API shape parse.ts reads. */
export function fromDiscordJs(interaction: Interaction): RawInteraction {
  const user = {
    id: interaction.user.id,
    username: interaction.user.username,
    global_name: interaction.user.globalName,
  };
  const raw: RawInteraction = {
    id: interaction.id,
    token: interaction.token,
    type: interaction.type,
    application_id: interaction.applicationId,
    guild_id: interaction.guildId,
    channel_id: interaction.channelId,
    user,
  };
  if (interaction.inGuild()) {
    const nick = (interaction.member as { nick?: string | null } | null)?.nick ?? null;
    raw.member = { permissions: interaction.memberPermissions?.bitfield.toString() ?? null, nick, user };
  }
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    raw.data = { name: interaction.commandName, options: interaction.options.data as unknown as RawOption[] };
  } else if (interaction.isModalSubmit()) {
    // The submitted values in the API's shape (each in a label), as an HTTP submission carries them.
    raw.data = {
      custom_id: interaction.customId,
      components: [...interaction.fields.fields.values()].map((field) => ({
        type: ComponentType.Label,
        component: {
          type: field.type,
          custom_id: 'customId' in field ? field.customId : '',
          ...('value' in field && typeof field.value === 'string' ? { value: field.value } : {}),
          ...('values' in field && Array.isArray(field.values) ? { values: [...field.values] } : {}),
        },
      })),
    };
  } else if (interaction.isMessageComponent()) {
    raw.data = { custom_id: interaction.customId, component_type: interaction.componentType };
    if (interaction.isStringSelectMenu()) raw.data.values = [...interaction.values];
  }
  return raw;
}

class DiscordJsResponder implements InteractionResponder {
  constructor(private readonly interaction: Interaction) {}

  private repliable() {
    if (!this.interaction.isRepliable())
      throw new Error(`interaction type ${this.interaction.type} cannot be replied to`);
    return this.interaction;
  }

  async reply(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    await this.repliable().reply(replyOptions(payload, ephemeral));
  }

  async update(payload: DiscordPayload): Promise<void> {
    if (!this.interaction.isMessageComponent()) throw new Error('only a component interaction updates its message');
    const { flags: _flags, ...options } = replyOptions(payload);
    await this.interaction.update(options);
  }

  async defer(ephemeral: boolean): Promise<void> {
    await this.repliable().deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }

  async editOriginal(payload: DiscordPayload): Promise<void> {
    const { flags: _flags, ...options } = replyOptions(payload);
    await this.repliable().editReply(options);
  }

  async followUp(payload: DiscordPayload, ephemeral: boolean): Promise<void> {
    await this.repliable().followUp(replyOptions(payload, ephemeral));
  }

  async autocomplete(choices: AutocompleteChoice[]): Promise<void> {
    if (!this.interaction.isAutocomplete()) throw new Error('not an autocomplete interaction');
    await this.interaction.respond(choices);
  }

  async modal(data: APIModalInteractionResponseCallbackData): Promise<void> {
    if (!this.interaction.isChatInputCommand() && !this.interaction.isMessageComponent())
      throw new Error(`interaction type ${this.interaction.type} cannot open a modal`);
    await this.interaction.showModal(asIs(data));
  }
}

export interface GatewayOptions {
  token: string;
  rest: RestSettings;
  log: Logger;
  readyTimeoutMs?: number;
}

/**
 * The gateway: a discord.js Client with only the Guilds intent (interactions need no other), its
 * REST moved by `rest.apiUrl` (the gateway URL then comes from `GET /gateway/bot` there).
 * discord.js heartbeats, resumes and reconnects on its own; this class logs what it does.
 */
export class GatewayTransport {
  readonly client: Client;
  private sink: InteractionSink | undefined;
  private stopping = false;

  constructor(private readonly options: GatewayOptions) {
    const log = options.log;
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: restOptions(options.rest),
      allowedMentions: { parse: [] },
    });
    this.client.on(Events.InteractionCreate, (interaction) => {
      const sink = this.sink;
      if (!sink) return;
      let raw: RawInteraction;
      try {
        raw = fromDiscordJs(interaction);
      } catch (error) {
        log.warn({ err: errorMessage(error) }, 'discord interaction not understood');
        return;
      }
      // Called inside an async function, so a synchronous throw is a rejection too, not an exception
      // thrown into discord.js's event dispatch.
      (async () => sink(raw, new DiscordJsResponder(interaction)))().catch((error: unknown) =>
        log.warn({ err: errorMessage(error) }, 'discord interaction failed'),
      );
    });
    this.client.on(Events.Error, (error) => log.error({ err: errorMessage(error) }, 'discord client error'));
    this.client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
    this.client.on(Events.ShardDisconnect, (event, shard) =>
      log.warn({ shard, code: event.code }, 'discord gateway disconnected'),
    );
    // destroy() closes the socket, which discord.js reports as a reconnect: not news while stopping.
    this.client.on(Events.ShardReconnecting, (shard) => {
      if (!this.stopping) log.info({ shard }, 'discord gateway reconnecting');
    });
    this.client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
    this.client.on(Events.ShardError, (error, shard) =>
      log.warn({ shard, err: errorMessage(error) }, 'discord gateway error'),
    );
  }

  async start(sink: InteractionSink): Promise<void> {
    this.sink = sink;
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    const loggedIn = this.client.login(this.options.token).then(() => ready);
    try {
      await within(loggedIn, timeoutMs, () => {
        throw new Error(`discord gateway not ready after ${timeoutMs} ms`);
      });
    } catch (error) {
      // A login still running after the time limit fails once the client is destroyed; nobody waits for it.
      loggedIn.catch(() => undefined);
      this.sink = undefined;
      await this.client.destroy();
      throw error;
    }
    this.options.log.info({ user: this.client.user?.tag }, 'discord gateway ready');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sink = undefined;
    await this.client.destroy();
  }

  isConnected(): boolean {
    if (!this.client.isReady()) return false;
    const shards = [...this.client.ws.shards.values()];
    return shards.length > 0 && shards.every((shard) => shard.status === Status.Ready);
  }
}
