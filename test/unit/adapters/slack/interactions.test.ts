import { describe, expect, it } from 'vitest';
import { type ResponseBody, SlackInteractions, WORKING } from '../../../../src/adapters/slack/interactions.js';
import { renderSlackMessages } from '../../../../src/adapters/slack/render.js';
import { silentLogger } from '../../../../src/core/log.js';
import { notice, type OutgoingMessage } from '../../../../src/core/message.js';
import type { CommandPort, IncomingCommand } from '../../../../src/core/ports.js';

function port(answer: (c: IncomingCommand) => Promise<OutgoingMessage> | OutgoingMessage, slow = false): CommandPort {
  return {
    handle: async (c) => answer(c),
    isSlow: () => slow,
    complete: async () => [],
    definitions: () => [],
  };
}

function recorder() {
  const responded: Array<{ url: string; body: unknown }> = [];
  const overflowed: ResponseBody[] = [];
  return {
    responded,
    overflowed,
    replies: {
      respond: async (url: string, body: unknown) => {
        responded.push({ url, body });
      },
      overflow: async (_target: unknown, body: ResponseBody) => {
        overflowed.push(body);
      },
    },
  };
}

const slash = {
  text: 'brief full',
  user_id: 'U1',
  channel_id: 'C1',
  team_id: 'T1',
  response_url: 'https://hooks.example/r',
};

/** An answer that renders to `n` Slack messages. */
function longAnswer(n: number): OutgoingMessage {
  const items = Array.from({ length: n * 45 }, (_, i) => [`Item ${i} ${'words '.repeat(40)}`]);
  const message: OutgoingMessage = {
    text: 'Long',
    visibility: 'channel',
    cards: [{ title: 'Long', blocks: [{ type: 'list', items }] }],
  };
  expect(renderSlackMessages(message).length).toBeGreaterThanOrEqual(n);
  return message;
}

describe('SlackInteractions', () => {
  it('puts a quick answer in the ack, the rest through response_url, then the Web API after five uses', async () => {
    const answer = longAnswer(8);
    const total = renderSlackMessages(answer).length;
    const r = recorder();
    const acks: Array<ResponseBody | undefined> = [];
    const interactions = new SlackInteractions({ commands: port(() => answer), replies: r.replies, log: silentLogger });
    await interactions.slashCommand(slash, async (body) => {
      acks.push(body);
    });
    expect(acks).toHaveLength(1);
    expect(acks[0]?.response_type).toBe('in_channel');
    expect(r.responded).toHaveLength(5);
    expect(r.overflowed).toHaveLength(total - 6);
    expect(r.overflowed.every((b) => b.response_type === 'in_channel')).toBe(true);
  });

  it('acks "Working on it…" at once for a slow command and still answers a throwing handler', async () => {
    const r = recorder();
    const acks: Array<ResponseBody | undefined> = [];
    const commands = port(() => {
      throw new Error('boom');
    }, true);
    const interactions = new SlackInteractions({ commands, replies: r.replies, log: silentLogger });
    await interactions.slashCommand(slash, async (body) => {
      acks.push(body);
    });
    expect(acks).toEqual([WORKING]);
    expect(r.responded).toHaveLength(1);
    expect(JSON.stringify(r.responded[0]?.body)).toContain('Something went wrong');
  });

  it('loses the race when the answer takes longer than the ack budget', async () => {
    const r = recorder();
    const acks: Array<ResponseBody | undefined> = [];
    const commands = port(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return notice('late', 'info');
    });
    const interactions = new SlackInteractions({ commands, replies: r.replies, log: silentLogger, ackBudgetMs: 50 });
    await interactions.slashCommand(slash, async (body) => {
      acks.push(body);
    });
    expect(acks).toEqual([WORKING]);
    expect(JSON.stringify(r.responded[0]?.body)).toContain('late');
  });

  it('on a Share press: posts in the channel and removes the ephemeral that carried the button', async () => {
    const r = recorder();
    const shared: OutgoingMessage = { ...notice('Shared card'), visibility: 'channel' };
    const interactions = new SlackInteractions({ commands: port(() => shared), replies: r.replies, log: silentLogger });
    let acked = false;
    await interactions.blockAction(
      {
        type: 'block_actions',
        user: { id: 'U2' },
        channel: { id: 'C1' },
        container: { is_ephemeral: true },
        response_url: 'https://hooks.example/a',
        actions: [{ action_id: 'sitrep:0', type: 'button', value: 'actor x share' }],
      },
      'sitrep:0',
      async () => {
        acked = true;
      },
    );
    expect(acked).toBe(true);
    expect(r.responded.map((x) => x.body)).toEqual([
      expect.objectContaining({ response_type: 'in_channel', replace_original: false }),
      { delete_original: true },
    ]);
  });

  it('never replaces a channel message when a private answer comes from a button on it', async () => {
    const r = recorder();
    const interactions = new SlackInteractions({
      commands: port(() => notice('private')),
      replies: r.replies,
      log: silentLogger,
    });
    await interactions.blockAction(
      {
        type: 'block_actions',
        user: { id: 'U2' },
        channel: { id: 'C1' },
        container: { is_ephemeral: false },
        message: { ts: '1.000001' },
        response_url: 'https://hooks.example/a',
        actions: [{ action_id: 'sitrep:0', type: 'button', value: 'claim x' }],
      },
      'sitrep:0',
      async () => {},
    );
    expect(r.responded.map((x) => x.body)).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', replace_original: false }),
    ]);
  });
});
