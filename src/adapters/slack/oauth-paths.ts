/** Where Slack OAuth is served (also written into the app manifest). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
