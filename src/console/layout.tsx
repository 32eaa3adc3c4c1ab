import type { Child } from 'hono/jsx';
import type { ConsoleIdentity } from '../core/console/sign-in.js';

/** Where a page sits in the navigation: the current item is marked for screen readers. */
export type Section = 'stories' | 'proposals' | 'channels' | 'audit' | 'sessions' | 'none';

export interface PageProps {
  title: string;
  identity?: ConsoleIdentity;
  section?: Section;
  children?: Child;
}

const NAV: Array<{ section: Section; href: string; label: string; admin?: boolean }> = [
  { section: 'stories', href: '/console/', label: 'Stories' },
  { section: 'proposals', href: '/console/proposals', label: 'Proposals' },
  { section: 'channels', href: '/console/channels', label: 'Channels', admin: true },
  { section: 'audit', href: '/console/audit', label: 'Audit log' },
  { section: 'sessions', href: '/console/sessions', label: 'Sessions' },
];

/** Every page: one stylesheet from our own origin, no script, a skip link, the navigation. */
export function Page(props: PageProps) {
  const { identity } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · Sitrep console`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/console/">
            Sitrep console
          </a>
          {identity && (
            <nav aria-label="Console">
              <ul>
                {NAV.filter((n) => !n.admin || identity.role === 'admin').map((n) => (
                  <li>
                    <a href={n.href} aria-current={props.section === n.section ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {identity && (
            <div class="who">
              <span>
                {identity.user} ({identity.role})
              </span>
              <form method="post" action="/console/sign-out" class="inline">
                <input type="hidden" name="_token" value={identity.formToken} />
                <button type="submit" class="secondary">
                  Sign out
                </button>
              </form>
            </div>
          )}
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/** The hidden field every form of a signed-in page carries. */
export function FormToken(props: { identity: ConsoleIdentity }) {
  return <input type="hidden" name="_token" value={props.identity.formToken} />;
}

export function Banner(props: { tone: 'error' | 'ok' | 'warning'; children?: Child }) {
  return (
    <div class={`banner ${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** Only http(s) links become live: a `javascript:` URL in a story stays text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
