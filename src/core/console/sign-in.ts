import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { People } from '../access.js';
import type { Clock } from '../ports.js';
import type { ConsoleSession, Store } from '../store.js';
import { type ConsoleRole, consoleRole } from './roles.js';

export const LINK_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 12 * 3_600_000;

const ASK_AGAIN = 'Ask for a new one with /sitrep console in chat.';
/** Also said by the console for a link too malformed to look up, so both refusals read the same. */
export const INVALID_LINK = `This sign-in link is not valid. ${ASK_AGAIN}`;

export interface SignInDeps {
  store: Store;
  clock: Clock;
  config: People;
  /** Where the console is reached, e.g. `https://sitrep.example.org` (no trailing slash). */
  baseUrl(): string;
}

export type IssueResult = { ok: true; url: string; expiresAt: Date } | { ok: false; message: string };
export type RedeemOutcome =
  | { ok: true; secret: string; session: ConsoleSession }
  | { ok: false; message: string; reason: 'unknown' | 'used' | 'expired' | 'no-role' };

/** A signed-in request: who, with which role, and the session's form token. */
export interface ConsoleIdentity {
  session: ConsoleSession;
  user: string;
  role: ConsoleRole;
  /** Goes in every form; a POST without it is refused (see docs/adr/0060). */
  formToken: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

/**
 * Sign-in to the editors' console: one-time links (10 minutes, one use) and sessions in the store,
 * so any replica serves them. Only hashes of links and session secrets are stored. The role is
 * worked out from the configuration on every request, so removing someone from it takes effect
 * at once.
 */
export class ConsoleSignIn {
  constructor(private readonly deps: SignInDeps) {}

  roleOf(user: string): ConsoleRole | undefined {
    return consoleRole(user, this.deps.config);
  }

  async issueLink(user: string, createdBy: string): Promise<IssueResult> {
    const { store, clock } = this.deps;
    const now = clock.now();
    if (!this.roleOf(user)) {
      await this.audit(createdBy, 'console.link', user, 'refused', 'neither an editor nor an admin');
      return {
        ok: false,
        message: `${user} is neither an editor nor an admin: add them to editors or admins in config/sitrep.yaml.`,
      };
    }
    const token = secret();
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
    await store.console.addLink({ tokenHash: sha256(token), user, createdBy, createdAt: now, expiresAt });
    await this.audit(createdBy, 'console.link', user, 'ok', null);
    return { ok: true, url: `${this.deps.baseUrl()}/console/sign-in/${token}`, expiresAt };
  }

  async redeem(token: string, from: string): Promise<RedeemOutcome> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const result = await store.console.redeemLink(sha256(token), now);
    if (!result.ok) {
      await this.audit('unknown', 'console.sign-in', null, 'refused', `${result.reason} link, from ${from}`);
      const message = {
        unknown: INVALID_LINK,
        used: `This sign-in link has already been used. ${ASK_AGAIN}`,
        expired: `This sign-in link has expired (links last 10 minutes). ${ASK_AGAIN}`,
      }[result.reason];
      return { ok: false, message, reason: result.reason };
    }
    if (!this.roleOf(result.user)) {
      await this.audit(result.user, 'console.sign-in', null, 'refused', `no longer an editor, from ${from}`);
      return { ok: false, message: 'You are no longer an editor or an admin.', reason: 'no-role' };
    }
    const sessionSecret = secret();
    const session = await store.console.addSession({
      id: randomBytes(6).toString('hex'),
      secretHash: sha256(sessionSecret),
      user: result.user,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    });
    await this.audit(result.user, 'console.sign-in', session.id, 'ok', `from ${from}`);
    return { ok: true, secret: sessionSecret, session };
  }

  /** The identity behind a session cookie's secret, or undefined (unknown, expired, ended, no role). */
  async identify(sessionSecret: string): Promise<ConsoleIdentity | undefined> {
    const session = await this.deps.store.console.liveSession(sha256(sessionSecret), this.deps.clock.now());
    const role = session && this.roleOf(session.user);
    if (!session || !role) return undefined;
    return { session, user: session.user, role, formToken: formToken(sessionSecret) };
  }

  /** Ends a session: one's own, or (admins) anyone's. */
  async end(by: ConsoleIdentity, sessionId: string): Promise<boolean> {
    const now = this.deps.clock.now();
    if (by.role !== 'admin' && by.session.id !== sessionId) {
      const own = await this.deps.store.console.listLive(now, by.user);
      if (!own.some((s) => s.id === sessionId)) return false;
    }
    const ended = await this.deps.store.console.endSession(sessionId, now);
    if (ended) await this.audit(by.user, 'console.sign-out', sessionId, 'ok', null);
    return ended;
  }

  /** Live sessions an identity may see: its user's, or (admins) everyone's. */
  sessions(by: ConsoleIdentity): Promise<ConsoleSession[]> {
    const now = this.deps.clock.now();
    return this.deps.store.console.listLive(now, by.role === 'admin' ? undefined : by.user);
  }

  private async audit(
    actor: string,
    action: string,
    target: string | null,
    outcome: 'ok' | 'refused',
    detail: string | null,
  ): Promise<void> {
    await this.deps.store.audit.add({
      at: this.deps.clock.now(),
      actor,
      via: 'console',
      action,
      target,
      outcome,
      detail,
    });
  }
}

/** The form token of a session: derived from its secret, so it is never stored and dies with it. */
export function formToken(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('sitrep console form').digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
