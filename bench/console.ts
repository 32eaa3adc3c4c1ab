import { formTokenIn, startConsoleHarness } from '../test/support/console.js';
import { generateStory } from '../test/support/story-generator.js';
import { percentile, type Reporter } from './lib/report.js';

/**
 * The editors' console on a 10,000-claim story (issue 14): the first page of the claims table,
 * filtered, over HTTP from a signed-in session; and a claim saved from its edit form until the
 * tracking channel's alert is recorded in the delivery log (planned for sending; the delivery engine
 * and a platform are not part of this process).
 */
export const description = 'console on a 10,000-claim story: filtered claims page; save → alert recorded';

const STORY = 'bench-console';
const PAGE_RUNS = 60;
const SAVE_RUNS = 10;

export async function run(report: Reporter): Promise<void> {
  const h = await startConsoleHarness({
    storyTexts: [{ id: STORY, text: generateStory({ id: STORY, claims: 10_000, actors: 1_000, seed: 31 }) }],
    config: `tracking:\n  - channel: slack:C0BENCH\n    track: story ${STORY}\n`,
  });
  try {
    await h.core.claims.syncAtStart();
    const signedIn = await fetch(await h.link(), { method: 'POST', redirect: 'manual', headers: { origin: h.origin } });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = formTokenIn(await (await fetch(`${h.origin}/console/`, { headers: { cookie } })).text());
    const claims = h.core.catalog.get(STORY)?.story.claims ?? [];

    const pages: number[] = [];
    for (let i = 0; i < PAGE_RUNS; i++) {
      const started = performance.now();
      const res = await fetch(`${h.origin}/console/stories/${STORY}/claims?status=reported&q=claim`, {
        headers: { cookie },
      });
      await res.text();
      if (res.status !== 200) throw new Error(`claims page answered ${res.status}`);
      pages.push(performance.now() - started);
    }
    report.note(`${claims.length} claims; first page of claims filtered by status and words, ${PAGE_RUNS} requests`);
    report('claims_page.filtered.p50', percentile(pages, 50), 'ms');
    report('claims_page.filtered.p99', percentile(pages, 99), 'ms', { max: 50 });

    const saves: number[] = [];
    for (let i = 0; i < SAVE_RUNS; i++) {
      const claim = claims[(i * 997) % claims.length];
      if (!claim) break;
      const recorded = async () => (await h.core.store.deliveries.recent('slack:C0BENCH', 1000)).length;
      const before = await recorded();
      const edit = `${h.origin}/console/stories/${STORY}/claims/${claim.id}/edit`;
      const form = await (await fetch(edit, { headers: { cookie } })).text();
      const state = /name="_state" value="([^"]*)"/.exec(form)?.[1] ?? '';
      const started = performance.now();
      const res = await fetch(edit, {
        method: 'POST',
        headers: { cookie, origin: h.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _token: token,
          _state: state,
          status: claim.status === 'confirmed' ? 'disputed' : 'confirmed',
        }).toString(),
      });
      const page = await res.text();
      if (res.status !== 200)
        throw new Error(`save answered ${res.status}: ${page.replace(/<[^>]+>/g, ' ').slice(0, 300)}`);
      const deadline = Date.now() + 10_000;
      while ((await recorded()) === before) {
        if (Date.now() > deadline) throw new Error('no alert was recorded within 10 s of a save');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      saves.push(performance.now() - started);
    }
    report.note(`${saves.length} saves of a claim's status from its console form`);
    report('save_to_alert_recorded.p50', percentile(saves, 50), 'ms');
    report('save_to_alert_recorded.p99', percentile(saves, 99), 'ms');
  } finally {
    await h.close();
  }
}
