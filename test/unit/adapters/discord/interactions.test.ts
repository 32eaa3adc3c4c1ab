import { describe, expect, it } from 'vitest';
import {
  type AutocompleteChoice,
  handleInteraction,
  type InteractionResponder,
} from '../../../../src/adapters/discord/interactions.js';
import type { ParsedInteraction } from '../../../../src/adapters/discord/parse.js';
import type { DiscordPayload } from '../../../../src/adapters/discord/render.js';
import { silentLogger } from '../../../../src/core/log.js';
import { notice, type OutgoingMessage } from '../../../../src/core/message.js';
import type { CommandPort, CommandSpec, Completion, IncomingCommand, Suggestion } from '../../../../src/core/ports.js';

type Act = [string, ...unknown[]];

class FakeResponder implements InteractionResponder {
  readonly acts: Act[] = [];
  constructor(private readonly failOn?: string) {}
  private record(act: Act) {
    this.acts.push(act);
    if (act[0] === this.failOn) return Promise.reject(new Error('Unknown interaction'));
    return Promise.resolve();
  }
  reply(payload: DiscordPayload, ephemeral: boolean) {
    return this.record(['reply', payload.content, ephemeral]);
  }
  update(payload: DiscordPayload) {
    return this.record(['update', payload.content]);
  }
  defer(ephemeral: boolean) {
    return this.record(['defer', ephemeral]);
  }
  editOriginal(payload: DiscordPayload) {
    return this.record(['edit', payload.content]);
  }
  followUp(payload: DiscordPayload, ephemeral: boolean) {
    return this.record(['followUp', payload.content, ephemeral]);
  }
  autocomplete(choices: AutocompleteChoice[]) {
    return this.record(['autocomplete', choices]);
  }
  modal(data: { custom_id: string }) {
    return this.record(['modal', data.custom_id]);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function port(options: {
  answer?: OutgoingMessage | (() => Promise<OutgoingMessage>);
  slow?: boolean;
  suggestions?: Suggestion[] | (() => Promise<Suggestion[]>);
  defs?: CommandSpec[];
}): CommandPort {
  return {
    async handle() {
      const a = options.answer ?? notice('ok');
      return typeof a === 'function' ? a() : a;
    },
    isSlow: () => options.slow === true,
    async complete(_kind: Completion, _query: string) {
      const s = options.suggestions ?? [];
      return typeof s === 'function' ? s() : s;
    },
    definitions: () => options.defs ?? [],
  };
}

const caller = { platform: 'discord' as const, userId: '1', channel: 'discord:2' as const };
const cmd = (shared = false): ParsedInteraction => ({
  kind: 'command',
  via: 'command',
  shared,
  command: { text: 'x', caller, invocation: { name: 'x', args: {} } } as IncomingCommand,
});

describe('commands', () => {
  it('a quick private answer is one ephemeral reply', async () => {
    const r = new FakeResponder();
    await handleInteraction(cmd(), r, { commands: port({ answer: notice('quick') }), log: silentLogger });
    expect(r.acts).toEqual([['reply', 'quick', true]]);
  });

  it('a split answer replies, then follows up with the same visibility', async () => {
    const r = new FakeResponder();
    const answer: OutgoingMessage = { text: 'w '.repeat(1500), cards: [], visibility: 'channel' };
    await handleInteraction(cmd(true), r, { commands: port({ answer }), log: silentLogger });
    expect(r.acts.map((a) => [a[0], a[2]])).toEqual([
      ['reply', false],
      ['followUp', false],
    ]);
  });

  it('an answer slower than deferAfterMs is deferred, then edited in', async () => {
    const r = new FakeResponder();
    const answer = async () => {
      await sleep(120);
      return notice('late');
    };
    await handleInteraction(cmd(), r, { commands: port({ answer }), log: silentLogger, deferAfterMs: 30 });
    expect(r.acts).toEqual([
      ['defer', true],
      ['edit', 'late'],
    ]);
  });

  it('a command the core calls slow is deferred at once, public when shared', async () => {
    const r = new FakeResponder();
    await handleInteraction(cmd(true), r, {
      commands: port({ slow: true, answer: { ...notice('done'), visibility: 'channel' } }),
      log: silentLogger,
    });
    expect(r.acts).toEqual([
      ['defer', false],
      ['edit', 'done'],
    ]);
  });

  it('when the answer’s visibility differs from the deferral, it goes where it belongs', async () => {
    const toChannel = new FakeResponder();
    await handleInteraction(cmd(false), toChannel, {
      commands: port({ slow: true, answer: { ...notice('public'), visibility: 'channel' } }),
      log: silentLogger,
    });
    expect(toChannel.acts).toEqual([
      ['defer', true],
      ['edit', 'Posted in the channel.'],
      ['followUp', 'public', false],
    ]);
    const toCaller = new FakeResponder();
    await handleInteraction(cmd(true), toCaller, {
      commands: port({ slow: true, answer: notice('private') }),
      log: silentLogger,
    });
    expect(toCaller.acts).toEqual([
      ['defer', false],
      ['edit', 'Answered privately below.'],
      ['followUp', 'private', true],
    ]);
  });

  it('never throws, whether the core or Discord fails', async () => {
    const r = new FakeResponder('reply');
    await expect(
      handleInteraction(cmd(), r, {
        commands: port({ answer: () => Promise.reject(new Error('boom')) }),
        log: silentLogger,
      }),
    ).resolves.toBeUndefined();
    expect(r.acts[0]?.[0]).toBe('reply');
    expect(String(r.acts[0]?.[1])).toMatch(/Something went wrong/);
  });
});

describe('autocomplete', () => {
  const defs: CommandSpec[] = [
    {
      name: 'actor',
      description: 'd',
      examples: ['actor x'],
      options: [
        { name: 'name', description: 'n', autocomplete: 'actor' },
        { name: 'many', description: 'm', choices: Array.from({ length: 30 }, (_, i) => `choice-${i}`) },
      ],
    },
  ];
  const ac = (option: string, value: string): ParsedInteraction => ({
    kind: 'autocomplete',
    path: 'actor',
    option,
    value,
    caller,
  });

  it('offers at most 25 valid choices: names ≤ 100 characters, values ≤ 100, no repeats', async () => {
    const suggestions: Suggestion[] = [
      { label: `Long ${'n'.repeat(200)}`, value: 'long' },
      { label: 'Too long a value', value: 'v'.repeat(101) },
      { label: 'Empty', value: '' },
      { label: 'Again', value: 'long' },
      ...Array.from({ length: 40 }, (_, i) => ({ label: `S${i}`, value: `s${i}` })),
    ];
    const r = new FakeResponder();
    await handleInteraction(ac('name', 'pu'), r, { commands: port({ suggestions, defs }), log: silentLogger });
    const choices = r.acts[0]?.[1] as AutocompleteChoice[];
    expect(choices).toHaveLength(25);
    expect(choices[0]?.name).toHaveLength(100);
    expect(choices[0]?.name.endsWith('…')).toBe(true);
    expect(choices.map((c) => c.value)).not.toContain('');
    expect(choices.every((c) => c.value.length <= 100)).toBe(true);
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
  });

  it('an option with more than 25 choices is filtered here', async () => {
    const r = new FakeResponder();
    await handleInteraction(ac('many', 'ice-2'), r, { commands: port({ defs }), log: silentLogger });
    expect(((r.acts[0]?.[1] ?? []) as AutocompleteChoice[]).map((c) => c.value)).toEqual([
      'choice-2',
      'choice-20',
      'choice-21',
      'choice-22',
      'choice-23',
      'choice-24',
      'choice-25',
      'choice-26',
      'choice-27',
      'choice-28',
      'choice-29',
    ]);
  });

  it('answers in time, empty, when completion is slow or fails or the option is unknown', async () => {
    for (const suggestions of [
      async () => {
        await sleep(500);
        return [{ label: 'late', value: 'late' }];
      },
      () => Promise.reject(new Error('db down')),
    ]) {
      const r = new FakeResponder();
      const started = Date.now();
      await handleInteraction(ac('name', 'x'), r, {
        commands: port({ suggestions, defs }),
        log: silentLogger,
        autocompleteTimeoutMs: 50,
      });
      expect(Date.now() - started).toBeLessThan(400);
      expect(r.acts).toEqual([['autocomplete', []]]);
    }
    const r = new FakeResponder();
    await handleInteraction(ac('nope', 'x'), r, { commands: port({ defs }), log: silentLogger });
    expect(r.acts).toEqual([['autocomplete', []]]);
  });
});
