import { deepFreeze } from '../helpers.js';
import type { OutgoingMessage } from '../message.js';

/**
 * Answers of cacheable commands as they leave the core, per version of the loaded stories. A busy
 * channel asking for the same actor, or a fan of identical lookups, costs one lookup and one render
 * per story version.
 */
export class AnswerCache {
  private readonly answers = new Map<string, OutgoingMessage>();
  private version = -1;

  constructor(private readonly limit = 1000) {}

  get(key: string, version: number): OutgoingMessage | undefined {
    if (version !== this.version) {
      this.answers.clear();
      this.version = version;
      return undefined;
    }
    const hit = this.answers.get(key);
    if (hit) {
      // Most recently used last, so the oldest entry is the one dropped when full.
      this.answers.delete(key);
      this.answers.set(key, hit);
    }
    return hit;
  }

  set(key: string, version: number, answer: OutgoingMessage): OutgoingMessage {
    if (version !== this.version) return answer;
    if (this.answers.size >= this.limit) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, deepFreeze(answer));
    return answer;
  }
}
