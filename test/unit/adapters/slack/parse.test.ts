import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { mapSlackError } from '../../../../src/adapters/slack/errors.js';
import {
  commandFromAction,
  commandFromSlash,
  pressedOnEphemeral,
  slackChannelId,
} from '../../../../src/adapters/slack/parse.js';

describe('commandFromSlash', () => {
  it('maps a slash command payload to the core command, as the person who typed it', () => {
    const command = commandFromSlash({
      text: '  actor putin &amp; co &lt;x&gt; ',
      user_id: 'U0AB',
      user_name: 'ann',
      channel_id: 'C0CD',
      team_id: 'T0EF',
    });
    expect(command).toEqual({
      text: 'actor putin & co <x>',
      caller: { platform: 'slack', userId: 'U0AB', displayName: 'ann', channel: 'slack:C0CD', workspace: 'T0EF' },
    });
  });

  it('treats a missing text as empty (help)', () => {
    expect(commandFromSlash({ user_id: 'U1', channel_id: 'C1', team_id: 'T1' }).text).toBe('');
  });
});

describe('commandFromAction', () => {
  const body = {
    type: 'block_actions',
    user: { id: 'U0PRESS', username: 'bob', team_id: 'T0EF' },
    team: { id: 'T0EF' },
    channel: { id: 'C0CD' },
    container: { channel_id: 'C0CD', is_ephemeral: true },
    actions: [{ action_id: 'sitrep:2', type: 'button', value: 'actor kim-jong-un' }],
  };

  it('runs the button value as a command, as the presser', () => {
    expect(commandFromAction(body, 'sitrep:2')).toEqual({
      text: 'actor kim-jong-un',
      caller: { platform: 'slack', userId: 'U0PRESS', displayName: 'bob', channel: 'slack:C0CD', workspace: 'T0EF' },
    });
  });

  it('ignores actions that are not our buttons, or carry nothing', () => {
    expect(
      commandFromAction({ ...body, actions: [{ action_id: 'other', type: 'button', value: 'x' }] }),
    ).toBeUndefined();
    expect(commandFromAction({ ...body, actions: [{ action_id: 'sitrep:1', type: 'static_select' }] })).toBeUndefined();
    expect(
      commandFromAction({ ...body, actions: [{ action_id: 'sitrep:1', type: 'button', value: ' ' }] }),
    ).toBeUndefined();
  });

  it('knows when the pressed message was ephemeral', () => {
    expect(pressedOnEphemeral(body)).toBe(true);
    expect(pressedOnEphemeral({ ...body, container: { is_ephemeral: false }, message: { ts: '1.2' } })).toBe(false);
  });
});

describe('slackChannelId', () => {
  it('accepts only Slack addresses', () => {
    expect(slackChannelId('slack:C0123')).toBe('C0123');
    expect(slackChannelId('discord:123')).toBeUndefined();
    expect(slackChannelId('slack:')).toBeUndefined();
    expect(slackChannelId('slack:C01/../x')).toBeUndefined();
  });
});

describe('mapSlackError', () => {
  const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

  it('maps Slack error codes to coded SitrepErrors', () => {
    const cases: Array<[unknown, string, boolean]> = [
      [platform('channel_not_found'), 'channel_not_found', true],
      [platform('not_in_channel'), 'not_in_channel', true],
      [platform('is_archived'), 'channel_archived', true],
      [platform('invalid_auth'), 'auth_failed', true],
      [platform('account_inactive'), 'auth_failed', true],
      [platform('token_revoked'), 'auth_failed', true],
      [platform('missing_scope'), 'missing_permissions', true],
      [platform('ratelimited'), 'rate_limited', false],
      [platform('fatal_error'), 'platform_unavailable', false],
      [platform('invalid_blocks'), 'internal', false],
      [new WebAPIHTTPError(502, 'Bad Gateway', {}), 'platform_unavailable', false],
      [new WebAPIRequestError(new Error('ECONNREFUSED')), 'platform_unavailable', false],
    ];
    for (const [error, code, permanent] of cases) {
      const mapped = mapSlackError(error);
      expect(mapped.code).toBe(code);
      expect(mapped.permanent).toBe(permanent);
    }
    const limited = mapSlackError(new WebAPIRateLimitedError(7));
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterMs).toBe(7000);
  });
});

describe('Slack channel addresses', () => {
  it('reads both the single-token form and the form naming the workspace', async () => {
    const { parseSlackAddress, slackChannel, slackChannelId } = await import('../../../../src/adapters/slack/parse.js');
    expect(parseSlackAddress('slack:C0123')).toEqual({ channelId: 'C0123' });
    expect(parseSlackAddress('slack:T0A/C0123')).toEqual({ teamId: 'T0A', channelId: 'C0123' });
    expect(slackChannel('C0123', 'T0A')).toBe('slack:T0A/C0123');
    expect(slackChannel('C0123')).toBe('slack:C0123');
    expect(slackChannelId('slack:T0A/C0123')).toBe('C0123');
    for (const bad of ['slack:', 'slack:T0A/', 'slack:/C1', 'slack:T/C/X', 'discord:123', 'slack:C 1']) {
      expect(parseSlackAddress(bad)).toBeUndefined();
    }
  });
});
