import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultCallbackFailure, defaultCallbackSuccess, type Installation, InstallProvider } from '@slack/oauth';
import type { Logger } from '../../core/log.js';
import type { HttpServer } from '../../http/server.js';
import { type InstallationRecords, SlackInstallationStore, workspaceOfInstallation } from './installations.js';
import { SLACK_SCOPES } from './manifest.js';
import { INSTALL_PATH, REDIRECT_PATH } from './oauth-paths.js';
import { boltLogger } from './transport.js';

/**
 * Installing Sitrep into any Slack workspace, with @slack/oauth's InstallProvider (Bolt's own OAuth):
 * `GET /slack/install` sets a state cookie and sends the browser to Slack's consent page;
 * `GET /slack/oauth_redirect` checks the state against the cookie, exchanges the code
 * (oauth.v2.access), and stores the installation in the database, tokens sealed.
 */

export { INSTALL_PATH, REDIRECT_PATH } from './oauth-paths.js';

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Public base URL of this Sitrep; the redirect URL is `<publicUrl>/slack/oauth_redirect`. */
  publicUrl: string;
  /** Web API base; Slack's consent page is at `../oauth/v2/authorize` from it (GovSlack and tests too). */
  apiUrl: string;
  installations: InstallationRecords;
  log: Logger;
  /** After an installation is stored (a first install or a re-install). */
  onInstalled?: (workspace: string, installation: Installation) => Promise<void>;
}

export function redirectUrl(publicUrl: string): string {
  return new URL(REDIRECT_PATH, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).href;
}

export function authorizationUrl(apiUrl: string): string {
  return new URL('../oauth/v2/authorize', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).href;
}

export class SlackOAuth {
  readonly provider: InstallProvider;
  readonly store: SlackInstallationStore;
  private readonly log: Logger;

  constructor(private readonly options: SlackOAuthOptions) {
    this.log = options.log.child({ component: 'slack-oauth' });
    this.store = new SlackInstallationStore(options.installations);
    const apiUrl = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
    this.provider = new InstallProvider({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      stateSecret: options.stateSecret,
      installationStore: this.store,
      authorizationUrl: authorizationUrl(apiUrl),
      // The consent page is Slack's own: no intermediate "Add to Slack" page of ours.
      directInstall: true,
      installUrlOptions: { scopes: [...SLACK_SCOPES], redirectUri: redirectUrl(options.publicUrl) },
      clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 2 } },
      logger: boltLogger(options.log),
    });
  }

  /** Bolt's `authorize`: the bot token (and ids) of the workspace a request came from. */
  readonly authorize: InstallProvider['authorize'] = (query) => this.provider.authorize(query);

  /** Workspaces Sitrep is installed in, oldest install first. */
  async installedWorkspaces(): Promise<string[]> {
    return (await this.options.installations.list('slack')).map((i) => i.workspace);
  }

  mount(http: HttpServer): void {
    http.mount('GET', INSTALL_PATH, (req, res) => this.provider.handleInstallPath(req, res));
    http.mount('GET', REDIRECT_PATH, (req, res) =>
      this.provider.handleCallback(req, res, {
        successAsync: async (installation, options, request, response) => {
          const workspace = workspaceOfInstallation(installation);
          this.log.info({ workspace }, 'slack workspace installed');
          await this.options.onInstalled?.(workspace, installation as Installation);
          defaultCallbackSuccess(installation as Installation, options, request, response);
        },
        failure: (error, options, request: IncomingMessage, response: ServerResponse) => {
          this.log.warn({ code: error.code, err: error.message }, 'slack install failed');
          defaultCallbackFailure(error, options, request, response);
        },
      }),
    );
  }
}
