/**
 * Slack's OAuth v2 as the stand-in plays it (docs.slack.dev, "Installing with OAuth"):
 * `GET /oauth/v2/authorize` is the consent page — here the installing user always approves, for the
 * workspace named by `team` (Slack's own parameter) — and redirects to `redirect_uri` with a
 * single-use `code` and the `state`; `oauth.v2.access` exchanges the code, checked against the
 * client id and secret (form fields or HTTP Basic) and the redirect_uri given at authorize, for the
 * workspace's bot token.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiReply, fail, ok, str } from './args.js';
import type { ResolvedWorkspace } from './types.js';

export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
}

interface Grant {
  teamId: string;
  userId: string;
  scopes: string;
  redirectUri: string | undefined;
  issuedAt: number;
}

/** Codes expire after ten minutes (Slack's documented lifetime). */
const CODE_TTL_MS = 10 * 60 * 1000;

export class SlackOAuthDesk {
  private readonly grants = new Map<string, Grant>();
  /** Every install approved so far (team, installer), oldest first. */
  readonly installs: Array<{ teamId: string; userId: string }> = [];

  constructor(
    readonly app: OAuthAppConfig,
    private readonly workspace: (teamId: string | undefined) => ResolvedWorkspace | undefined,
    private readonly appId: string,
  ) {}

  /** The consent page: approves at once and redirects back to the app. */
  authorizePage(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const q = url.searchParams;
    const redirect = q.get('redirect_uri');
    const page = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (q.get('client_id') !== this.app.clientId) return void page(400, 'invalid_client_id');
    if (!q.get('scope')) return void page(400, 'invalid_scope');
    if (!redirect) return void page(400, 'bad_redirect_uri');
    const ws = this.workspace(q.get('team') ?? undefined);
    if (!ws) return void page(400, 'team_not_found');
    const userId = q.get('user') ?? ws.installerUserId;
    const code = `${Date.now()}.${randomBytes(12).toString('hex')}`;
    this.grants.set(code, {
      teamId: ws.teamId,
      userId,
      scopes: q.get('scope') ?? '',
      redirectUri: redirect,
      issuedAt: Date.now(),
    });
    this.installs.push({ teamId: ws.teamId, userId });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    const state = q.get('state');
    if (state) back.searchParams.set('state', state);
    res.writeHead(302, { Location: back.href });
    res.end();
  }

  /** `oauth.v2.access`. */
  access(args: Record<string, unknown>, authorization: string | undefined): ApiReply {
    let clientId = str(args.client_id);
    let clientSecret = str(args.client_secret);
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic?.[1]) {
      const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId ??= id;
      clientSecret ??= secret;
    }
    if (clientId !== this.app.clientId) return fail('invalid_client_id');
    if (clientSecret !== this.app.clientSecret) return fail('bad_client_secret');
    const code = str(args.code);
    const grant = code ? this.grants.get(code) : undefined;
    if (!code || !grant || Date.now() - grant.issuedAt > CODE_TTL_MS) return fail('invalid_code');
    this.grants.delete(code);
    const redirect = str(args.redirect_uri);
    if (grant.redirectUri !== undefined && redirect !== undefined && redirect !== grant.redirectUri) {
      return fail('bad_redirect_uri');
    }
    const ws = this.workspace(grant.teamId);
    if (!ws) return fail('invalid_code');
    return ok({
      access_token: ws.botToken,
      token_type: 'bot',
      scope: grant.scopes,
      bot_user_id: ws.botUserId,
      app_id: this.appId,
      team: { name: ws.teamName, id: ws.teamId },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: grant.userId },
    });
  }
}
