/**
 * Modals and App Home in the Slack stand-in, per docs.slack.dev (surfaces/modals, reference/methods/
 * views.open, views.update, views.publish, reference/interaction-payloads/view-interactions-payload):
 *  - a trigger_id comes with a slash command or an interaction, works once, and expires after 3 s
 *    (`expired_trigger_id` / `invalid_trigger_id`);
 *  - a modal has a `title` of at most 24 characters, at most 100 blocks, `submit` when it has inputs,
 *    a `callback_id` (≤ 255) and `private_metadata` (≤ 3,000 characters);
 *  - views.publish sets a user's Home tab (`type: home`);
 *  - a view_submission carries the view with `state.values[block_id][action_id]`.
 */
import { randomBytes } from 'node:crypto';
import { type ApiReply, fail, ok, str } from './args.js';

export const TRIGGER_TTL_MS = 3000;

export interface StoredView {
  id: string;
  teamId: string;
  /** Who it was opened for (the trigger's user) or published to. */
  userId: string;
  type: 'modal' | 'home';
  view: Record<string, unknown>;
  hash: string;
}

const newId = (prefix: string) => `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;

function parseView(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
}

function plainText(value: unknown): string | undefined {
  const v = value as { type?: string; text?: string } | undefined;
  return v?.type === 'plain_text' && typeof v.text === 'string' ? v.text : undefined;
}

/** What Slack refuses in a view; undefined when it is fine. */
function viewProblem(view: Record<string, unknown>, type: 'modal' | 'home'): string | undefined {
  if (view.type !== type) return 'invalid_arguments';
  const blocks = Array.isArray(view.blocks) ? view.blocks : undefined;
  if (!blocks || blocks.length > 100) return 'invalid_arguments';
  if (type === 'home') return undefined;
  const title = plainText(view.title);
  if (!title || title.length > 24) return 'invalid_arguments';
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return 'invalid_arguments';
  const hasInputs = blocks.some((b) => (b as { type?: string }).type === 'input');
  if (hasInputs && !plainText(view.submit)) return 'invalid_arguments';
  for (const block of blocks as Array<Record<string, unknown>>) {
    if (block.type !== 'input') continue;
    if (!plainText(block.label) || typeof block.block_id !== 'string') return 'invalid_arguments';
    const element = block.element as Record<string, unknown> | undefined;
    if (!element || typeof element.action_id !== 'string') return 'invalid_arguments';
  }
  return undefined;
}

export class SlackViews {
  readonly opened: StoredView[] = [];
  /** Home tabs by `team|user`. */
  readonly homes = new Map<string, StoredView>();
  private readonly triggers = new Map<string, { issuedAt: number; userId: string; used: boolean }>();

  /** A trigger_id the stand-in hands an app with a command or interaction from `userId`. */
  issueTrigger(triggerId: string, userId: string): void {
    this.triggers.set(triggerId, { issuedAt: Date.now(), userId, used: false });
  }

  handle(teamId: string, method: string, args: Record<string, unknown>): ApiReply {
    const view = parseView(args.view);
    if (!view) return fail('invalid_arguments');
    switch (method) {
      case 'views.open': {
        const triggerId = str(args.trigger_id);
        const trigger = triggerId ? this.triggers.get(triggerId) : undefined;
        if (!trigger || trigger.used) return fail('invalid_trigger_id');
        if (Date.now() - trigger.issuedAt > TRIGGER_TTL_MS) return fail('expired_trigger_id');
        const problem = viewProblem(view, 'modal');
        if (problem) return fail(problem);
        trigger.used = true;
        const stored: StoredView = {
          id: newId('V'),
          teamId,
          userId: trigger.userId,
          type: 'modal',
          view,
          hash: newId('h'),
        };
        this.opened.push(stored);
        return ok({ view: { id: stored.id, team_id: teamId, hash: stored.hash, ...view } });
      }
      case 'views.publish': {
        const userId = str(args.user_id);
        if (!userId) return fail('invalid_arguments');
        const problem = viewProblem(view, 'home');
        if (problem) return fail(problem);
        const stored: StoredView = { id: newId('V'), teamId, userId, type: 'home', view, hash: newId('h') };
        this.homes.set(`${teamId}|${userId}`, stored);
        return ok({ view: { id: stored.id, team_id: teamId, hash: stored.hash, ...view } });
      }
      default:
        return fail('unknown_method', { req_method: method });
    }
  }

  /** The view_submission payload Slack sends when the user submits an opened modal. */
  submission(viewId: string, values: Record<string, Record<string, unknown>>, appId: string): Record<string, unknown> {
    const stored = this.opened.find((v) => v.id === viewId);
    if (!stored) throw new Error(`no opened view ${viewId}`);
    return {
      type: 'view_submission',
      team: { id: stored.teamId, domain: 'standin' },
      user: {
        id: stored.userId,
        username: stored.userId.toLowerCase(),
        name: stored.userId.toLowerCase(),
        team_id: stored.teamId,
      },
      api_app_id: appId,
      token: 'verification-token',
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
      view: {
        ...stored.view,
        id: stored.id,
        team_id: stored.teamId,
        type: 'modal',
        hash: stored.hash,
        app_id: appId,
        state: { values },
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
  }
}
