import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { slackManifest } from '../../../../src/adapters/slack/manifest.js';
import { refuseFutureTimestamps } from '../../../../src/adapters/slack/transport.js';

describe('slackManifest', () => {
  it('describes an HTTP app: /sitrep and interactivity at <url>/slack/events', () => {
    const manifest = slackManifest({ url: 'https://sitrep.example.org/', socketMode: false });
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({
        command: '/sitrep',
        url: 'https://sitrep.example.org/slack/events',
        usage_hint: expect.any(String),
      }),
    ]);
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: false,
      interactivity: { is_enabled: true, request_url: 'https://sitrep.example.org/slack/events' },
    });
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'channels:history', 'groups:history']),
    );
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://sitrep.example.org/slack/oauth_redirect']);
    expect(manifest.settings.event_subscriptions?.bot_events).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'tokens_revoked',
    ]);
    // The Home tab shows the workspace's channels and the latest changes.
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true });
    expect(manifest.features.bot_user.display_name).toBe('Sitrep');
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.features.slash_commands[0]?.description.length).toBeLessThanOrEqual(100);
  });

  it('does not double the path, and refuses a URL that is not http(s)', () => {
    expect(
      slackManifest({ url: 'https://h.example/base/slack/events', socketMode: false }).settings.interactivity,
    ).toMatchObject({
      request_url: 'https://h.example/base/slack/events',
    });
    expect(() => slackManifest({ url: 'ftp://h.example', socketMode: false })).toThrow(/http/);
    expect(() => slackManifest({ url: 'not a url', socketMode: false })).toThrow(/--url/);
  });

  it('describes a Socket Mode app: no request URLs', () => {
    const manifest = slackManifest({ socketMode: true });
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
    expect(manifest.features.slash_commands[0]).not.toHaveProperty('url');
  });

  it('still prints a complete HTTP manifest without --url, with a placeholder host to replace', () => {
    const manifest = slackManifest({ socketMode: false });
    expect(manifest.features.slash_commands[0]?.url).toMatch(/^https:\/\/.+\/slack\/events$/);
  });
});

describe('refuseFutureTimestamps', () => {
  function call(timestamp: string | undefined) {
    let passed = false;
    let status: number | undefined;
    const req = {
      headers: timestamp === undefined ? {} : { 'x-slack-request-timestamp': timestamp },
      resume() {},
    } as unknown as IncomingMessage;
    const res = {
      writeHead(s: number) {
        status = s;
        return this;
      },
      end() {},
    } as unknown as ServerResponse;
    refuseFutureTimestamps(
      () => {
        passed = true;
      },
      () => 1_700_000_000_000,
    )(req, res);
    return { passed, status };
  }

  it('refuses more than five minutes ahead, passes the rest to Bolt (which checks signature and age)', () => {
    expect(call(String(1_700_000_000 + 301))).toEqual({ passed: false, status: 401 });
    expect(call(String(1_700_000_000 + 299))).toEqual({ passed: true, status: undefined });
    expect(call(String(1_700_000_000 - 3600))).toEqual({ passed: true, status: undefined });
    expect(call(undefined)).toEqual({ passed: true, status: undefined });
  });
});
