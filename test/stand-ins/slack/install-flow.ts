/**
 * An admin installs the app in a workspace, as a browser would: the app's /slack/install (state
 * cookie, redirect to Slack), the stand-in's consent page (approved for `teamId`), and the
 * redirect back to /slack/oauth_redirect with the code and the cookie. Gives the app's last answer.
 */
export async function installThroughOAuth(baseUrl: string, teamId: string): Promise<{ status: number; body: string }> {
  const start = await fetch(`${baseUrl}/slack/install`, { redirect: 'manual' });
  const consent = start.headers.get('location');
  const cookie = start.headers.get('set-cookie')?.split(';')[0];
  if (start.status !== 302 || !consent || !cookie) throw new Error(`/slack/install answered ${start.status}`);
  const consentUrl = new URL(consent);
  consentUrl.searchParams.set('team', teamId);
  const approved = await fetch(consentUrl, { redirect: 'manual' });
  const back = approved.headers.get('location');
  if (approved.status !== 302 || !back) throw new Error(`the consent page answered ${approved.status}`);
  const done = await fetch(back, { headers: { cookie }, redirect: 'manual' });
  return { status: done.status, body: await done.text() };
}
