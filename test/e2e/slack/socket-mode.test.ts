import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, buttonsOf, type Harness, startHarness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ mode: 'socket' });
  await h.slack.waitForSocketConnections(1);
});

afterAll(async () => {
  await h?.close();
});

describe('Slack over Socket Mode (Bolt SocketModeReceiver, SLACK_APP_TOKEN)', () => {
  it('connects through apps.connections.open on SLACK_API_URL, with the app token', () => {
    expect(h.adapter.mode).toBe('socket');
    expect(h.adapter.isConnected()).toBe(true);
    const open = h.slack.requests.filter((r) => r.method === 'apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open.every((r) => r.ok)).toBe(true);
  });

  it('answers /sitrep actor putin with his card in the envelope ack', async () => {
    const ack = await h.slack.socketSlashCommand({ text: 'actor putin' });
    expect(ack.ms).toBeLessThan(3000);
    expect(ack.payload?.response_type).toBe('ephemeral');
    const blocks = ack.payload?.blocks as unknown[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Vladimir Putin' } });
    const text = blocksText(blocks);
    expect(text).toContain('Claims involving Vladimir Putin');
    expect(text).toMatch(/reported · hedged by the source[^\n]*source: An unnamed US official/);
  });

  it('answers brief and a no-match over the socket too', async () => {
    const brief = await h.slack.socketSlashCommand({ text: 'brief short' });
    expect(blocksText(brief.payload?.blocks as unknown[])).toContain("Kim Jong Un's expected visit to Russia");
    const none = await h.slack.socketSlashCommand({ text: 'actor nobody-at-all' });
    expect(blocksText(none.payload?.blocks as unknown[])).toContain('No actor matches');
  });

  it('runs a button press from an envelope and answers through response_url', async () => {
    const pick = await h.slack.socketSlashCommand({ text: 'actor jong' });
    const kim = buttonsOf(pick.payload?.blocks as unknown[]).find((b) => b.value === 'actor kim-jong-un');
    expect(kim).toBeDefined();
    const press = await h.slack.socketBlockAction({
      actionId: kim?.actionId ?? '',
      value: kim?.value ?? '',
      userId: 'U0CLICK',
    });
    expect(press.ms).toBeLessThan(1000);
    const answer = await h.slack.waitForResponse(press.responseId, 3000, 'response_url');
    expect(answer.replace_original).toBe(true);
    expect(blocksText(answer.blocks)).toContain('Leader of North Korea');
  });

  it('acks a slow command at once and finishes it through response_url', async () => {
    const ack = await h.slack.socketSlashCommand({ text: 'slowpoke' });
    expect(ack.ms).toBeLessThan(1000);
    expect(ack.payload?.text).toBe('Working on it…');
    const done = await h.slack.waitForResponse(ack.responseId, 6000, 'response_url');
    expect(blocksText(done.blocks)).toContain('Finished slowly.');
  });

  it('disconnects on stop', async () => {
    await h.adapter.stop();
    expect(h.adapter.isConnected()).toBe(false);
    await h.slack.waitFor(() => h.slack.openSocketCount === 0, 3000, 'sockets closed');
  });
});
