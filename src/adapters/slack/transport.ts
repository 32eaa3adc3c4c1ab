import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import webApi, { type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../core/log.js';
import type { ReplayGuard } from '../../core/ports.js';
import type { HttpServer } from '../../http/server.js';
import { slackComponentLog } from './component-log.js';
import { mapSlackError } from './errors.js';
import { refuseMalformed } from './malformed.js';

/**
 * Slack transport only: a Bolt App receiving over HTTP (its HTTPReceiver's request listener mounted on
 * Sitrep's one HTTP server, Bolt never opens a port) or over Socket Mode. Every HTTP request is checked
 * by Bolt's signature verification; on top of it, a timestamp more than five minutes in the future is
 * refused too (Bolt only refuses old ones). Tokens are never logged.
 */

export const SLACK_EVENTS_PATH = '/slack/events';
/** How far a request timestamp may be from our clock, either way (Slack's own rule is five minutes). */
export const MAX_CLOCK_SKEW_S = 5 * 60;

export interface SlackTransportOptions {
  /** One workspace's bot token; without it, `authorize` finds each workspace's (Slack OAuth). */
  botToken?: string;
  authorize?: NonNullable<ConstructorParameters<typeof App>[0]>['authorize'];
  signingSecret?: string;
  /** Set: Socket Mode. */
  appToken?: string;
  /** Web API base, e.g. `https://slack.com/api/` (also for Socket Mode's apps.connections.open). */
  apiUrl?: string;
  /** Required over HTTP: `/slack/events` is mounted here. */
  http?: HttpServer;
  log: Logger;
  /** Web API request timeout (default 10 s). */
  timeoutMs?: number;
  /** A signed request is executed at most once, whichever replica receives it. */
  replays?: ReplayGuard;
}

export type CommandListener = Parameters<App['command']>[1];
export type ActionListener = Parameters<App['action']>[1];
export type EventListener = Parameters<App['event']>[1];
export type ViewListener = Parameters<App['view']>[1];

/** The Web API settings every Slack client of this process uses: our retries, not the 30-minute default. */
export function webClientOptions(
  apiUrl: string | undefined,
  log: Logger,
  extra: WebClientOptions = {},
): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    logger: boltLogger(log),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000, randomize: true },
    timeout: 10_000,
    rejectRateLimitedCalls: true,
    ...extra,
  };
}

/** Bolt and the SDK log through ours. Debug output is dropped: it is where request bodies would go. */
export function boltLogger(log: Logger) {
  const child = slackComponentLog(log);
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug() {},
    info: (...msg: unknown[]) => child.info({}, text(msg)),
    warn: (...msg: unknown[]) => child.warn({}, text(msg)),
    error: (...msg: unknown[]) => child.error({}, text(msg)),
    setLevel(l: LogLevel) {
      level = l;
    },
    getLevel: () => level,
    setName() {},
  };
}

/** Refuses a request whose timestamp is too far in the future; Bolt checks the signature and the past. */
export function refuseFutureTimestamps(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  now: () => number = Date.now,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    const ts = typeof header === 'string' ? Number(header) : Number.NaN;
    if (Number.isFinite(ts) && ts > now() / 1000 + MAX_CLOCK_SKEW_S) {
      req.resume();
      res.writeHead(401);
      res.end();
      return;
    }
    listener(req, res);
  };
}

/**
 * Runs a signed request only the first time its signature and timestamp are seen (by any replica).
 * The signature is an HMAC of the timestamp and the body, so nobody without the signing secret can
 * make a new request take an old one's key; Bolt then verifies the signature as usual.
 */
export function refuseReplays(
  replays: ReplayGuard | undefined,
  log: Logger,
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (!replays) return listener;
  return (req, res) => {
    const signature = req.headers['x-slack-signature'];
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return listener(req, res);
    const window = new Date((timestamp + 2 * MAX_CLOCK_SKEW_S) * 1000);
    replays
      .firstSeen(`slack:${signature}:${timestamp}`, window)
      .catch((error: unknown) => {
        log.error({ err: error }, 'could not check a slack request for replay');
        return false;
      })
      .then((fresh) => {
        if (fresh) return listener(req, res);
        log.warn({}, 'slack request replayed; refused');
        req.resume();
        res.writeHead(409, { 'content-type': 'text/plain' });
        res.end('request already handled');
      });
  };
}

export class SlackTransport {
  readonly app: App;
  readonly mode: 'http' | 'socket';
  private readonly socketReceiver: SocketModeReceiver | undefined;
  private running = false;
  private socketConnected = false;
  private readonly singleToken: boolean;
  private readonly log: Logger;

  constructor(options: SlackTransportOptions) {
    this.log = slackComponentLog(options.log);
    const logger = boltLogger(options.log);
    const clientOptions = webClientOptions(options.apiUrl, options.log, { timeout: options.timeoutMs ?? 10_000 });
    if (!options.botToken && !options.authorize) throw new Error('Slack needs a bot token or OAuth installations');
    this.singleToken = Boolean(options.botToken);
    const common = {
      ...(options.botToken ? { token: options.botToken } : { authorize: options.authorize }),
      logger,
      clientOptions,
      // auth.test runs in start(), where a bad token can fail start-up with a clear message.
      deferInitialization: true,
      convoStore: false as const,
    };
    if (options.appToken) {
      this.mode = 'socket';
      this.socketReceiver = new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        installerOptions: {
          // A separate options object: the Socket Mode client keeps retrying apps.connections.open
          // through outages (it reconnects for the life of the process), unlike our other calls.
          clientOptions: webClientOptions(options.apiUrl, options.log, {
            retryConfig: { ...webApi.retryPolicies.fiveRetriesInFiveMinutes, maxTimeout: 30_000 },
            rejectRateLimitedCalls: false,
          }),
        },
      });
      const client = this.socketReceiver.client;
      client.on('connected', () => {
        this.socketConnected = true;
      });
      for (const state of ['disconnected', 'reconnecting', 'disconnecting']) {
        client.on(state, () => {
          if (this.socketConnected) this.log.info({ state }, 'slack socket mode connection lost');
          this.socketConnected = false;
        });
      }
      this.app = new App({ ...common, socketMode: true, receiver: this.socketReceiver });
    } else {
      this.mode = 'http';
      if (!options.signingSecret) throw new Error('Slack over HTTP needs a signing secret (SLACK_SIGNING_SECRET)');
      if (!options.http) throw new Error('Slack over HTTP needs the HTTP server to mount /slack/events on');
      const receiver = new HTTPReceiver({
        signingSecret: options.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        logger,
        processBeforeResponse: false,
      });
      this.app = new App({ ...common, receiver });
      const verified = refuseFutureTimestamps(
        refuseReplays(
          options.replays,
          this.log,
          refuseMalformed((req, res) => receiver.requestListener(req, res)),
        ),
      );
      options.http.mount('POST', SLACK_EVENTS_PATH, (req, res) => {
        if (!this.running) {
          req.resume();
          res.writeHead(503, { 'retry-after': '5' });
          res.end();
          return;
        }
        verified(req, res);
      });
    }
    this.app.error(async (error) => {
      this.log.error({ err: error.message, code: (error as { code?: string }).code }, 'slack listener failed');
    });
  }

  onCommand(listener: CommandListener): void {
    // Any command name: the app has one command, whatever a workspace called it (/sitrep, /sitrep-dev).
    this.app.command(/.*/, listener);
  }

  onAction(pattern: RegExp, listener: ActionListener): void {
    this.app.action({ type: 'block_actions', action_id: pattern }, listener);
  }

  /** Modal submissions whose callback_id matches. */
  onView(pattern: RegExp, listener: ViewListener): void {
    this.app.view({ callback_id: pattern, type: 'view_submission' }, listener);
  }

  /** Events (app_uninstalled, tokens_revoked…), whatever workspace they come from. */
  onEvent(name: string, listener: EventListener): void {
    this.app.event(name, listener);
  }

  /**
   * Verifies the bot token (auth.test; with OAuth there is no one token, each workspace's is checked
   * at install), then connects (Socket Mode) or starts answering HTTP.
   */
  async start(): Promise<{ teamId: string | undefined }> {
    let teamId: string | undefined;
    try {
      await this.app.init();
      if (this.singleToken) {
        const auth = await this.app.client.auth.test();
        teamId = auth.team_id;
      }
    } catch (error) {
      throw mapSlackError(error, 'Slack auth.test');
    }
    if (this.mode === 'socket') {
      try {
        await this.app.start();
      } catch (error) {
        await this.app.stop().catch(() => undefined);
        throw mapSlackError(error, 'Slack Socket Mode');
      }
      this.socketConnected = true;
    }
    this.running = true;
    this.log.info({ mode: this.mode, teamId }, 'slack transport started');
    return { teamId };
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.mode === 'socket') {
      this.socketConnected = false;
      await this.app
        .stop()
        .catch((error: unknown) => this.log.warn({ err: String(error) }, 'slack socket stop failed'));
    }
  }

  isConnected(): boolean {
    return this.running && (this.mode === 'http' || this.socketConnected);
  }
}
