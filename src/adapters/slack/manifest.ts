import { REDIRECT_PATH } from './oauth-paths.js';
import { SLACK_EVENTS_PATH } from './transport.js';

/**
 * The Slack app manifest (docs.slack.dev/reference/app-manifest): paste it into "Create New App →
 * From a manifest" and the app exists in one step, with the `/sitrep` command, interactivity for the
 * buttons, and the bot scopes Sitrep uses.
 *
 * Scopes: `commands` (/sitrep), `chat:write` (briefings and alerts), `channels:history` and
 * `groups:history` (after a crash, find out whether a delivery already went out: message metadata is
 * read back with conversations.history), `users:read` (users.info: is the person typing a command a
 * workspace admin or owner, who may manage the channel's schedules and tracking). No
 * `chat:write.public`: the bot posts only where it was
 * invited, which is also where it can read back its own messages.
 *
 * Over HTTP the manifest also carries the OAuth redirect URL (`<url>/slack/oauth_redirect`, for
 * installing into many workspaces through `/slack/install`) and subscribes to `app_uninstalled` and
 * `tokens_revoked`, so a workspace that removes Sitrep has its tokens deleted at once.
 */

export interface SlackManifestOptions {
  /** Public base URL of this Sitrep (HTTP mode), e.g. `https://sitrep.example.org`. */
  url?: string;
  socketMode: boolean;
}

/** Shown where no --url was given, so the HTTP manifest is complete but plainly needs editing. */
export const PLACEHOLDER_BASE_URL = 'https://your-sitrep-host.example';

export const SLACK_SCOPES = ['commands', 'chat:write', 'channels:history', 'groups:history', 'users:read'] as const;
/** Events that need no scope: the workspace removing Sitrep. */
/** `app_home_opened`: the Home tab shows the workspace's channels and the latest changes. */
export const SLACK_BOT_EVENTS = ['app_home_opened', 'app_uninstalled', 'tokens_revoked'] as const;

function baseOf(base: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new Error(`--url must be an absolute http(s) URL like https://sitrep.example.org, not "${base}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`--url must be an http(s) URL (Slack requires https in production), not "${base}"`);
  }
  parsed.pathname = parsed.pathname.replace(/\/+$/, '').replace(new RegExp(`${SLACK_EVENTS_PATH}$`), '');
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

export function requestUrl(base: string): string {
  const url = baseOf(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
  return url.href;
}

export function oauthRedirectUrl(base: string): string {
  const url = baseOf(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${REDIRECT_PATH}`;
  return url.href;
}

export function slackManifest(options: SlackManifestOptions) {
  const url = options.socketMode ? undefined : requestUrl(options.url ?? PLACEHOLDER_BASE_URL);
  const redirect = options.socketMode ? undefined : oauthRedirectUrl(options.url ?? PLACEHOLDER_BASE_URL);
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Sitrep',
      description: 'Briefings, actors and claims of the news story your team follows.',
      background_color: '#1f2937',
      long_description:
        'Sitrep keeps a channel up to date on a developing news story. It posts scheduled briefings with what changed since the last one, answers /sitrep questions about the people and claims involved (each claim with its source and status), and alerts the channels that track a claim when it changes.',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: false, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'Sitrep', always_online: true },
      slash_commands: [
        {
          command: '/sitrep',
          description: 'Briefings, actors, claims and timeline of the story',
          usage_hint: 'help | brief | actor <name> | claims | timeline',
          should_escape: false,
          ...(url ? { url } : {}),
        },
      ],
    },
    oauth_config: {
      ...(redirect ? { redirect_urls: [redirect] } : {}),
      scopes: { bot: [...SLACK_SCOPES] },
    },
    settings: {
      ...(url ? { event_subscriptions: { request_url: url, bot_events: [...SLACK_BOT_EVENTS] } } : {}),
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  };
}
