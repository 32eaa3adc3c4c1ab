import type { RateLimitData } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { type RateLimitInfo, restOptions } from '../../../../src/adapters/discord/transport.js';
import type { Logger } from '../../../../src/core/log.js';

function capturingLogger(lines: string[]): Logger {
  const log: Logger = {
    debug: (fields, message) => lines.push(JSON.stringify({ fields, message })),
    info: (fields, message) => lines.push(JSON.stringify({ fields, message })),
    warn: (fields, message) => lines.push(JSON.stringify({ fields, message })),
    error: (fields, message) => lines.push(JSON.stringify({ fields, message })),
    child: () => log,
  };
  return log;
}

describe('REST rate-limit hook', () => {
  it('never logs the interaction token of a rate-limited webhook route (follow-ups, edits)', async () => {
    const lines: string[] = [];
    const seen: RateLimitInfo[] = [];
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';
    const options = restOptions({
      apiUrl: 'http://127.0.0.1:1/api',
      log: capturingLogger(lines),
      onRateLimited: (info) => seen.push(info),
    });
    const hook = options.rejectOnRateLimit as (data: RateLimitData) => boolean | Promise<boolean>;
    const data = {
      global: false,
      hash: 'abc',
      limit: 5,
      majorParameter: `123456789012345678/${token}`,
      method: 'PATCH',
      retryAfter: 1200,
      route: '/webhooks/:id/:token/messages/@original',
      scope: 'user',
      sublimitTimeout: 0,
      timeToReset: 1200,
      url: `http://127.0.0.1:1/api/v10/webhooks/123456789012345678/${token}/messages/@original`,
    } as RateLimitData;
    expect(await hook(data)).toBe(false);
    expect(seen).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines[0]).toContain('123456789012345678');
  });
});
