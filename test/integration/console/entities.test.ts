import { describe, expect, it } from 'vitest';
import { formTokenIn } from '../../support/console.js';
import { SHIPPED_STORY } from '../../unit/core/commands/helpers.js';
import { useSignedInConsole } from './signed-in.js';

/**
 * Actors, sources, timeline entries, the story's own fields and new stories, over HTTP: every form
 * saves through the write path, shows problems beside their fields, refuses to overwrite a field
 * changed meanwhile, and is refused without its form token.
 */

const STORY = 'kim-putin-summit';
const t = useSignedInConsole({ stories: [SHIPPED_STORY] });

const base = `/console/stories/${STORY}`;
const story = () => t.harness.core.catalog.get(STORY)?.story;

/** The page's form as an editor would send it: every field as shown, then `changes`. */
async function submit(path: string, changes: Record<string, string>, opened?: string) {
  const html = opened ?? (await (await fetch(`${t.harness.origin}${path}`, { headers: { cookie: t.cookie } })).text());
  const fields: Record<string, string> = { _token: formTokenIn(html) };
  for (const m of html.matchAll(/<input type="hidden" name="(_state)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  for (const m of html.matchAll(/<input type="text" id="field-[^"]+" name="([^"]+)"([^>]*)>/g))
    fields[m[1]!] = decode(/value="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '');
  for (const m of html.matchAll(/<textarea id="field-[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    fields[m[1]!] = decode(m[2] ?? '');
  for (const m of html.matchAll(/<select id="field-[^"]+" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g))
    fields[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2] ?? '')?.[1] ?? '';
  const response = await fetch(`${t.harness.origin}${path}`, {
    method: 'POST',
    headers: { cookie: t.cookie, origin: t.harness.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...changes }),
  });
  return { status: response.status, html: await response.text() };
}
const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('actors', () => {
  it('an actor is added, edited and shown on the story page; a bad affiliation is shown beside its field', async () => {
    const added = await submit(`${base}/actors/new`, { name: 'Maria Zakharova', kind: 'person', aliases: 'Zakharova' });
    expect(added.status).toBe(200);
    expect(added.html).toMatch(/Saved actor maria-zakharova as revision \d+/);
    expect(story()?.actors.find((a) => a.id === 'maria-zakharova')).toMatchObject({ aliases: ['Zakharova'] });

    const refused = await submit(`${base}/actors/maria-zakharova/edit`, { affiliation: 'no-such-actor' });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/id="field-affiliation-problem"[^>]*>[^<]*no-such-actor/);

    const edited = await submit(`${base}/actors/maria-zakharova/edit`, { role: 'Foreign Ministry spokeswoman' });
    expect(edited.status).toBe(200);
    expect(story()?.actors.find((a) => a.id === 'maria-zakharova')?.role).toBe('Foreign Ministry spokeswoman');
    const page = await (await fetch(`${t.harness.origin}${base}`, { headers: { cookie: t.cookie } })).text();
    expect(page).toContain('Maria Zakharova');
    expect(page).toContain(`${base}/actors/maria-zakharova/edit`);
  });

  it('an actor still named by claims is not removed: the answer says where it is named', async () => {
    const removed = await submit(`${base}/actors/vladimir-putin/remove`, {});
    expect(removed.status).toBe(400);
    expect(removed.html).toContain('Not removed');
    expect(removed.html).toMatch(/kim-to-visit-russia|claims\./);
    expect(story()?.actors.some((a) => a.id === 'vladimir-putin')).toBe(true);
  });

  it('an actor named nowhere is removed', async () => {
    await submit(`${base}/actors/new`, { name: 'Nobody In Particular', kind: 'person', id: 'nobody' });
    const removed = await submit(`${base}/actors/nobody/remove`, {});
    expect(removed.status).toBe(200);
    expect(removed.html).toMatch(/Removed actor nobody \(revision \d+\)/);
    expect(story()?.actors.some((a) => a.id === 'nobody')).toBe(false);
  });

  it('a field changed since the form opened is not overwritten: the form comes back with the change marked', async () => {
    const path = `${base}/actors/sergei-shoigu/edit`;
    const opened = await (await fetch(`${t.harness.origin}${path}`, { headers: { cookie: t.cookie } })).text();
    const first = await submit(path, { role: 'Defence Minister of Russia (until 2024)' });
    expect(first.status).toBe(200);
    const second = await submit(path, { role: 'Secretary of the Security Council' }, opened);
    expect(second.status).toBe(409);
    expect(second.html).toContain('Someone changed this since you opened the form');
    expect(second.html).toMatch(/Now &quot;Defence Minister of Russia \(until 2024\)&quot;, set by/);
    expect(story()?.actors.find((a) => a.id === 'sergei-shoigu')?.role).toBe('Defence Minister of Russia (until 2024)');
  });
});

describe('sources, the timeline and the story’s own fields', () => {
  it('a source is added and edited; a timeline entry is added, edited and removed', async () => {
    expect((await submit(`${base}/sources/new`, { name: 'TASS', kind: 'media', url: 'https://tass.com' })).status).toBe(
      200,
    );
    expect(story()?.sources.find((s) => s.id === 'tass')).toMatchObject({ name: 'TASS', url: 'https://tass.com' });
    expect((await submit(`${base}/sources/tass/edit`, { aliases: 'ТАСС, Itar-Tass' })).status).toBe(200);
    expect(story()?.sources.find((s) => s.id === 'tass')?.aliases).toEqual(['ТАСС', 'Itar-Tass']);

    const before = story()?.timeline.length ?? 0;
    const bad = await submit(`${base}/timeline/new`, { date: 'September', text: 'Kim arrives by train.' });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/field-date-problem[^>]*>[^<]*YYYY/);
    const added = await submit(`${base}/timeline/new`, {
      date: '2023-09-12',
      text: 'Kim arrives by train.',
      actors: 'kim-jong-un',
    });
    expect(added.status).toBe(200);
    const index = (story()?.timeline.findIndex((e) => e.text === 'Kim arrives by train.') ?? -1).toString();
    expect(story()?.timeline).toHaveLength(before + 1);
    expect((await submit(`${base}/timeline/${index}/edit`, { text: 'Kim arrives in Russia by train.' })).status).toBe(
      200,
    );
    expect(story()?.timeline[Number(index)]?.text).toBe('Kim arrives in Russia by train.');
    expect((await submit(`${base}/timeline/${index}/remove`, {})).status).toBe(200);
    expect(story()?.timeline).toHaveLength(before);
  });

  it('the summary tiers and title are edited; an empty headline is refused beside it', async () => {
    const refused = await submit(`${base}/edit`, { 'summary.headline': '' });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/field-summary\.headline-problem/);
    const saved = await submit(`${base}/edit`, { 'summary.short': 'Kim and Putin met at the Vostochny Cosmodrome.' });
    expect(saved.status).toBe(200);
    expect(story()?.summary.short).toBe('Kim and Putin met at the Vostochny Cosmodrome.');
  });

  it('a new story is created empty and served; an id in use is refused', async () => {
    const created = await submit('/console/new-story', {
      id: 'harbour-strike',
      title: 'Dock workers’ strike',
      'summary.headline': 'Dock workers strike',
      'summary.short': 'Dock workers at Port Elling are on strike.',
    });
    expect(created.status).toBe(200);
    expect(t.harness.core.catalog.get('harbour-strike')?.story).toMatchObject({
      title: 'Dock workers’ strike',
      claims: [],
    });
    const again = await submit('/console/new-story', { id: 'harbour-strike', title: 'Again' });
    expect(again.status).toBe(400);
    expect(again.html).toContain('A story called harbour-strike exists already');
  });

  it('a form posted without its token changes nothing', async () => {
    const response = await fetch(`${t.harness.origin}${base}/actors/new`, {
      method: 'POST',
      headers: { cookie: t.cookie, origin: t.harness.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Forged', kind: 'person' }),
    });
    expect(response.status).toBe(403);
    expect(story()?.actors.some((a) => a.name === 'Forged')).toBe(false);
  });
});
