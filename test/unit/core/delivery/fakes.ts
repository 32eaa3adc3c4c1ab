import type { AdminNotifier } from '../../../../src/core/delivery/types.js';
import type { OutgoingMessage } from '../../../../src/core/message.js';
import type { ChannelAddress, ChatAdapter, Platform, PostResult } from '../../../../src/core/ports.js';
import { StoryCatalog } from '../../../../src/core/story/catalog.js';
import type { Story } from '../../../../src/core/story/schema.js';
import { SitrepError } from '../../../../src/errors.js';

export interface CapturedPayload {
  to: ChannelAddress;
  deliveryId: string;
  message: OutgoingMessage;
  /** Real time of the post, for pacing checks. */
  atMs: number;
}

/**
 * How the fake platform answers one post to a channel (attempt counts from 1 per delivery): at once,
 * later (a promise), or never ('hang').
 */
export type Answer = (to: ChannelAddress, attempt: number) => PostResult | Promise<PostResult> | 'hang';

/**
 * A chat adapter that posts nowhere: it records every payload it is asked to post (`capturedPayloads`)
 * and answers as the test says (success by default, or SitrepErrors per channel).
 */
export class RecordingAdapter implements ChatAdapter {
  readonly capturedPayloads: CapturedPayload[] = [];
  readonly attempts: Array<{ to: ChannelAddress; deliveryId: string }> = [];
  readonly findCalls: string[] = [];
  private readonly answers = new Map<ChannelAddress, Answer>();
  private next = 1;
  /** When false, the adapter has no findDelivery (like Discord, where a resend with the same nonce is harmless). */
  supportsFind = true;
  latencyMs = 0;
  workspaces = new Map<ChannelAddress, string>();

  constructor(readonly platform: Platform = 'slack') {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  answer(to: ChannelAddress, answer: Answer): this {
    this.answers.set(to, answer);
    return this;
  }

  workspaceOf(to: ChannelAddress): string | undefined {
    return this.workspaces.get(to);
  }

  async post(to: ChannelAddress, message: OutgoingMessage, deliveryId: string): Promise<PostResult> {
    const attempt = this.attempts.filter((a) => a.deliveryId === deliveryId).length + 1;
    this.attempts.push({ to, deliveryId });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const answer = (await this.answers.get(to)?.(to, attempt)) ?? { ok: true, messageId: `m${this.next++}` };
    if (answer === 'hang') return new Promise<PostResult>(() => {});
    if (answer.ok) this.capturedPayloads.push({ to, deliveryId, message, atMs: Date.now() });
    return answer;
  }

  /** Installed per instance, so `supportsFind = false` removes it. */
  get findDelivery(): ChatAdapter['findDelivery'] {
    if (!this.supportsFind) return undefined;
    return async (to, deliveryId) => {
      this.findCalls.push(deliveryId);
      const hit = this.capturedPayloads.find((p) => p.to === to && p.deliveryId === deliveryId);
      return hit ? { messageId: `found:${deliveryId}` } : undefined;
    };
  }

  sentTo(to: ChannelAddress): CapturedPayload[] {
    return this.capturedPayloads.filter((p) => p.to === to);
  }
}

export const failWith =
  (code: ConstructorParameters<typeof SitrepError>[0], message: string = code, retryAfterMs?: number): Answer =>
  () => ({ ok: false, error: new SitrepError(code, message, retryAfterMs === undefined ? {} : { retryAfterMs }) });

export class RecordingAdmins implements AdminNotifier {
  readonly messages: OutgoingMessage[] = [];
  async notify(message: OutgoingMessage): Promise<void> {
    this.messages.push(message);
  }
}

export function briefingMessage(text = 'Briefing'): OutgoingMessage {
  return { text, cards: [{ title: text, blocks: [{ type: 'text', content: [text] }] }], visibility: 'channel' };
}

export const testStory: Story = {
  id: 'test-story',
  title: 'A test story',
  asOf: '2026-03-01',
  summary: { headline: 'Something is reportedly happening.', short: 'Something is reportedly happening. More soon.' },
  sources: [{ id: 'wire', name: 'A wire service', kind: 'media' }],
  actors: [{ id: 'someone', name: 'Someone', kind: 'person', aliases: [] }],
  claims: [{ id: 'it-happens', text: 'It happens.', about: ['someone'], source: ['wire'], status: 'reported' }],
  timeline: [],
};

export function catalogWith(...stories: Story[]): StoryCatalog {
  const catalog = new StoryCatalog();
  for (const story of stories) catalog.put(story, '');
  return catalog;
}

/**
 * Polls until `check` passes, for background work such as retries. It returns as soon as the
 * condition holds; the generous timeout only matters on a heavily loaded machine.
 */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
