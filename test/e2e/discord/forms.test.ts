// End to end through discord.js: `/sitrep edit` answers with a modal (type 9, labels around a text
// input and selects); its MODAL_SUBMIT goes through the one write path and the member is told,
// privately, what happened; a conflict loses nothing typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

const STORY = 'kim-putin-summit';
const CLAIM = 'kim-to-visit-russia';
const EDITOR = { id: '555000111', username: 'editor' };
const ADMIN = { id: '555000999', username: 'admin' };
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    configYaml: `editors: [discord:${EDITOR.id}]\nadmins: [discord:${ADMIN.id}]\ntracking:\n  - channel: discord:700000000000000001\n    track: story ${STORY}\n`,
  });
  await h.core.claims.syncAtStart();
});
afterAll(async () => {
  await h?.close();
});

type Label = {
  type: number;
  label: string;
  description?: string;
  component: Record<string, unknown> & { custom_id: string };
};

const edit = (user = EDITOR) =>
  h.discord.sendInteraction({
    commandName: 'sitrep',
    subcommand: 'edit',
    options: [{ name: 'claim', value: CLAIM }],
    user,
  });

const claim = () => h.core.catalog.get(STORY)?.claimById.get(CLAIM);

async function replyText(sent: { callback(): Promise<{ type: number; data?: unknown }> }) {
  const callback = await sent.callback();
  const data = callback.data as { content?: string; embeds?: unknown[]; flags?: number };
  return { type: callback.type, flags: data.flags, text: `${data.content ?? ''} ${JSON.stringify(data.embeds ?? [])}` };
}

describe('claim forms on Discord', () => {
  it('edit answers with a modal of the claim’s first five fields, as they are now', async () => {
    const callback = await edit().callback();
    expect(callback.type).toBe(9);
    const modal = callback.data as { custom_id: string; title: string; components: Label[] };
    expect(modal.custom_id.length).toBeLessThanOrEqual(100);
    expect(modal.title).toBe('Edit claim');
    expect(modal.components.map((c) => [c.type, c.component.custom_id])).toEqual([
      [18, 'text'],
      [18, 'status'],
      [18, 'hedging'],
      [18, 'confidence'],
      [18, 'note'],
    ]);
    expect(String(modal.components[0]?.component.value)).toContain('Kim Jong Un is reportedly set to travel');
    const status = modal.components[1]?.component as unknown as {
      type: number;
      options: Array<{ value: string; default?: boolean }>;
    };
    expect(status.type).toBe(3);
    expect(status.options.find((o) => o.default)?.value).toBe('reported');
  });

  it('a submission saves what changed and says so privately; the tracking channel gets one alert', async () => {
    const alerts = async () => (await h.core.store.deliveries.recent('discord:700000000000000001', 100)).length;
    const before = await alerts();
    const submitted = await h.discord.submitModal(edit(), { status: 'confirmed', note: 'Kremlin confirmed it' });
    const reply = await replyText(submitted);
    expect(reply).toMatchObject({ type: 4, flags: 64 });
    expect(reply.text).toMatch(/Saved kim-to-visit-russia as revision \d+/);
    expect(claim()).toMatchObject({ status: 'confirmed', note: 'Kremlin confirmed it' });
    expect(await alerts()).toBe(before + 1);
  });

  it('a conflict is refused with what changed and everything typed, and overwrites nothing', async () => {
    const opened = edit();
    await opened.callback();
    const set = h.discord.sendInteraction({
      commandName: 'sitrep',
      subcommand: 'set',
      options: [
        { name: 'claim', value: CLAIM },
        { name: 'changes', value: 'status=disputed' },
      ],
      user: ADMIN,
    });
    await h.discord.waitFor(() => claim()?.status === 'disputed', 5000, 'the admin’s set');
    await set.callback();
    const submitted = await h.discord.submitModal(opened, { status: 'retracted', note: 'Withdrawn by the source' });
    const reply = await replyText(submitted);
    expect(reply.text).toMatch(/Not saved: someone changed this claim/);
    // The reply is an embed: its JSON escapes the quotes.
    expect(reply.text).toMatch(/Now \\?"disputed\\?", set by discord:555000999/);
    expect(reply.text).toContain('Withdrawn by the source');
    expect(claim()?.status).toBe('disputed');
  });

  it('someone who is not an editor gets no modal', async () => {
    const reply = await replyText(edit({ id: '555000222', username: 'reader' }));
    expect(reply.type).toBe(4);
    expect(reply.text).toMatch(/editors and admins/);
  });
});
