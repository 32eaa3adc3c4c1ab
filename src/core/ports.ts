import type { FormOutcome, FormSubmission, OutgoingMessage } from './message.js';

/** Everything the core depends on from the outside world. No platform package is imported here. */

export type Platform = 'slack' | 'discord' | 'shell';
export const PLATFORMS: readonly Platform[] = ['slack', 'discord', 'shell'];

/** `slack:C123`, `discord:1234`, `shell:local`. Opaque outside the adapter that owns the platform. */
export type ChannelAddress = `${Platform}:${string}`;

export function parseChannelAddress(value: string): { platform: Platform; id: string } | undefined {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) return undefined;
  const platform = value.slice(0, at);
  if (!(PLATFORMS as readonly string[]).includes(platform)) return undefined;
  return { platform: platform as Platform, id: value.slice(at + 1) };
}

/**
 * Replay protection for signed requests: whether a request's key (Slack: signature and timestamp;
 * Discord: interaction id) is seen for the first time, shared by every replica (the store's
 * `seenRequests`). Adapters run a request only the first time.
 */
export interface ReplayGuard {
  firstSeen(key: string, expiresAt: Date): Promise<boolean>;
}

/** Who typed a command, as the adapter knows them. */
export interface Caller {
  platform: Platform;
  /** Platform user id, e.g. `U0123` or a Discord snowflake. */
  userId: string;
  displayName?: string;
  channel: ChannelAddress;
  /** Workspace (Slack team) or guild, when there is one. */
  workspace?: string;
  /**
   * The platform says this member manages the workspace or server (Slack workspace admins, owners
   * and the installer; Discord Manage Server or Administrator). Grants managing channels, never
   * content edits (see `access.ts`).
   */
  platformManager?: boolean;
  /**
   * The person running this process at its terminal (the shell, `sitrep ask --admin`): they own
   * the files and the database, so they are an admin. Never set from a network request.
   */
  operator?: boolean;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type PostResult = { ok: true; messageId: string } | { ok: false; error: import('../errors.js').SitrepError };

/** One autocomplete suggestion: what the user sees and what is filled in. */
export interface Suggestion {
  label: string;
  value: string;
}

/** What a command needs: reading is everyone's, managing a channel's deliveries, editing content. */
export type Permission = 'read' | 'manage' | 'edit';

/** What an option's value is, for Discord's typed options and for autocomplete. */
export type Completion =
  | 'actor'
  | 'source'
  | 'search'
  | 'claim'
  | 'story'
  | 'timezone'
  | 'schedule'
  | 'tier'
  | 'status'
  | 'track-kind';

export interface OptionSpec {
  name: string;
  description: string;
  required?: boolean;
  choices?: readonly string[];
  autocomplete?: Completion;
  /** Takes every remaining word (free text, `field=value` lists, a cron expression). */
  rest?: boolean;
}

/**
 * A subcommand as adapters see it: enough to register it (Discord's typed options), complete its
 * options and explain it in help. What running it takes stays in the core (`CommandDef`).
 */
export interface CommandSpec {
  /** The words after `/sitrep`: `actor`, or `schedule add` for a subcommand of a group. */
  name: string;
  description: string;
  options: readonly OptionSpec[];
  examples: readonly string[];
  /** What the caller must be allowed to do (checked before it runs, see `access.ts`); reading by default. */
  needs?: Permission;
  /** The answer is only ever for the caller, even with `share` (a sign-in link signs in whoever opens it). */
  privateOnly?: boolean;
}

/** What adapters call into: the core's command handling, whatever the platform. */
export interface CommandPort {
  /** Never throws: every input gets an answer. */
  handle(command: IncomingCommand): Promise<OutgoingMessage>;
  /** May take longer than the 3-second window: answer at once and finish later. */
  isSlow(command: IncomingCommand): boolean;
  /**
   * Whether answering depends on the caller managing their workspace (the command needs `manage`,
   * or help, which lists what the caller may run): only then need an adapter ask the platform.
   */
  asksManager?(command: IncomingCommand): boolean;
  /** Autocomplete for an option (Discord); at most `limit`, best first. */
  complete(kind: Completion, query: string, limit?: number): Promise<Suggestion[]>;
  /** The subcommands, for Discord's registered command and help. */
  definitions(): readonly CommandSpec[];
  /** A submitted form (see `OutgoingMessage.form`). Never throws. Absent where nothing opens forms. */
  submitForm?(submission: FormSubmission, caller: Caller): Promise<FormOutcome>;
  /**
   * A workspace's home (Slack App Home): its channels with their schedules and subscriptions, and
   * the stories' latest changes. `inWorkspace` says which channel addresses are the workspace's.
   */
  home?(caller: Caller, inWorkspace: (channel: ChannelAddress) => boolean): Promise<OutgoingMessage>;
}

/** A slash command as the core receives it, whatever platform it came from. */
export interface IncomingCommand {
  /** The text after `/sitrep`, e.g. `actor putin`. */
  text: string;
  caller: Caller;
  /** Already-parsed arguments, when the platform has typed options (Discord). */
  invocation?: { name: string; args: Record<string, string | undefined> };
}

/** Where in the channel a delivery goes. */
export interface PostOptions {
  /** Reply under this message (an id `post` returned for an earlier delivery), in its thread. */
  thread?: string;
}

export interface ChatAdapter {
  readonly platform: Platform;
  start(commands: CommandPort): Promise<void>;
  stop(): Promise<void>;
  /**
   * Scheduled briefings and alerts reach a platform only through here. Never throws. The adapter
   * neither paces nor waits out rate limits: the delivery engine does. A rate limit comes back at
   * once as `rate_limited`, with the wait the platform asked for (`retryAfterMs`) and what it holds
   * back (`rateLimitScope`); parts already out are remembered, so the next call sends only the rest.
   */
  post(to: ChannelAddress, message: OutgoingMessage, deliveryId: string, options?: PostOptions): Promise<PostResult>;
  /** After a crash: was this delivery already posted (in `options.thread`, when it was a reply)? */
  findDelivery?(
    to: ChannelAddress,
    deliveryId: string,
    options?: PostOptions,
  ): Promise<{ messageId: string } | undefined>;
  /**
   * Makes a posted message the start of a thread named `title`, where the platform needs that step
   * (Discord; a Slack message is a thread's parent as it is). Starting one that exists is no error.
   * Throws a coded SitrepError.
   */
  startThread?(to: ChannelAddress, messageId: string, title: string): Promise<void>;
  /** For /healthz. */
  isConnected?(): boolean;
  /**
   * The workspace (Slack team) a channel belongs to, so the engine counts each workspace's message
   * budget apart. Adapters that cannot tell leave it out (or return undefined), and the whole
   * platform then shares one budget.
   */
  workspaceOf?(to: ChannelAddress): string | undefined;
}

// --- Reading articles (proposals) ---

/**
 * An article as the reading adapter (src/adapters/article/) hands it to the proposal rules: plain data, no NLP library.
 * The adapter (src/adapters/article/) fetches, reduces and tags; everything here is what the
 * rules need to decide, and nothing more.
 */

export interface ReadToken {
  /** The token as written. */
  text: string;
  /** Universal part of speech (PROPN, NOUN, VERB, AUX, ADP, PUNCT…), as the tagger gave it. */
  pos: string;
  /** True when whitespace came before it (so the sentence can be re-joined as written). */
  space: boolean;
}

export interface ReadDate {
  /** The expression as written: "13 September 2023", "last month", "April 2019". */
  text: string;
  /** Token span [start, end) within the sentence. */
  start: number;
  end: number;
}

export interface ReadSentence {
  /** Position in the article, from 0. */
  index: number;
  /** Paragraph number, from 0: a sentence that names no one continues the one before it only within a paragraph. */
  paragraph: number;
  text: string;
  tokens: ReadToken[];
  dates: ReadDate[];
}

export interface ReadArticle {
  /** Where it came from: the URL, the file path, or "text". Recorded in the history of accepted changes. */
  address: string;
  title?: string;
  siteName?: string;
  /** Publication date as YYYY-MM-DD when the page says so. */
  published?: string;
  sentences: ReadSentence[];
  words: number;
}

/** The port: the core asks for an article and gets plain data, or a UserError with a clear reason. */
export interface ArticleReader {
  read(input: ArticleInput): Promise<ReadArticle>;
}

export type ArticleInput =
  | { kind: 'text'; text: string; address?: string }
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string };
