// A Slack log line read `"component":"slack","component":"slack"`: the adapter's logger, already
// bound to the component, was bound again by the part it was handed to.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/core/log.js';
import { postSigned } from '../../stand-ins/slack/delivery.js';
import { type Harness, SIGNING_SECRET, slashCommandForm, startHarness } from './harness.js';

const lines: string[] = [];
const waiting: Array<{ message: string; found: (line: string) => void }> = [];

/** The bot's log as JSON lines, the way pino writes them (a repeated key stays repeated). */
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        lines.push(line);
        for (const w of waiting.filter((w) => line.includes(w.message))) w.found(line);
      }
      done();
    },
  }),
) as unknown as Logger;

const lineSaying = (message: string) =>
  new Promise<string>((found) => {
    const seen = lines.find((line) => line.includes(message));
    if (seen) found(seen);
    else waiting.push({ message, found });
  });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: 'http', adapter: { log } });
});
afterAll(async () => {
  await h?.close();
});

describe('Slack log lines', () => {
  it('name the component once, also when a reply cannot be delivered', async () => {
    // `set` is slow: its answer goes to response_url, which here refuses the connection.
    const body = slashCommandForm(h, { text: 'set kim-to-visit-russia status=confirmed' });
    const res = await postSigned(h.eventsUrl, body.toString(), { signingSecret: SIGNING_SECRET }, 3000);
    expect(res.status).toBe(200);
    const undelivered = await lineSaying('slack reply could not be delivered');
    expect(undelivered.match(/"component":/g)).toEqual(['"component":']);
    expect(JSON.parse(undelivered)).toMatchObject({ component: 'slack', channel: 'C0000TEST' });
    expect(lines.filter((line) => (line.match(/"component":/g) ?? []).length > 1)).toEqual([]);
  });
});
