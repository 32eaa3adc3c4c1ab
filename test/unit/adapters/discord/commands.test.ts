import { describe, expect, it } from 'vitest';
import {
  buildAdminCommand,
  buildApplicationCommands,
  buildSitrepCommand,
  commandChars,
  findOption,
  MAX_COMMAND_CHARS,
} from '../../../../src/adapters/discord/commands.js';
import { COMMANDS, validateCommands } from '../../../../src/core/commands/registry.js';
import type { CommandSpec } from '../../../../src/core/ports.js';

const def = (name: string, extra: Partial<CommandSpec> = {}): CommandSpec => ({
  name,
  description: `Test ${name}`,
  options: [],
  examples: [name],
  ...extra,
});

/** The shape of the schedule commands, whatever the core ships when this runs. */
const scheduleDefs: CommandSpec[] = [
  def('schedule add', {
    needs: 'manage',
    options: [
      { name: 'schedule', description: 'cron or daily HH:MM', required: true },
      { name: 'tz', description: 'Time zone', autocomplete: 'timezone' },
      { name: 'story', description: 'Story', autocomplete: 'story' },
      { name: 'tier', description: 'Tier', choices: ['headline', 'short', 'full'], autocomplete: 'tier' },
    ],
  }),
  def('schedule list'),
  def('schedule remove', {
    needs: 'manage',
    options: [{ name: 'id', description: 'Schedule id', required: true, autocomplete: 'schedule' }],
  }),
  def('track', {
    needs: 'manage',
    options: [
      { name: 'kind', description: 'claim, actor or story', required: true, choices: ['claim', 'actor', 'story'] },
      { name: 'id', description: 'What to track', rest: true },
    ],
  }),
  def('set', {
    needs: 'edit',
    options: [{ name: 'claim', description: 'Claim', required: true, autocomplete: 'claim' }],
  }),
  def('many', {
    options: [{ name: 'pick', description: 'Many choices', choices: Array.from({ length: 30 }, (_, i) => `c${i}`) }],
  }),
];

/** The shipped commands, with the test ones above in place of any sharing their first word. */
const first = (d: CommandSpec) => d.name.split(' ')[0];
const withTestDefs = () => [
  ...COMMANDS.filter((d) => !scheduleDefs.some((t) => first(t) === first(d))),
  ...scheduleDefs,
];

type Json = Record<string, unknown> & { name: string; type?: number; options?: Json[] };

describe('the /sitrep application command', () => {
  it('is /sitrep (reading, editing, help) and /sitrep-admin (managing), built and validated by SlashCommandBuilder', () => {
    const body = buildApplicationCommands([...validateCommands(COMMANDS).values()]);
    expect(body).toHaveLength(2);
    const [command, admin] = body as unknown as Json[];
    expect(command).toMatchObject({ name: 'sitrep', type: 1 });
    expect(command?.default_member_permissions).toBeUndefined();
    // Discord offers the managing command only to members with Manage Server (0x20), in servers.
    expect(admin).toMatchObject({ name: 'sitrep-admin', type: 1, default_member_permissions: '32', contexts: [0] });
    const topLevel = (defs: readonly CommandSpec[]) => [
      ...defs.filter((d) => !d.name.includes(' ')).map((d) => d.name),
      ...new Set(defs.filter((d) => d.name.includes(' ')).map((d) => d.name.split(' ')[0])),
    ];
    const subs = (command?.options ?? []).map((o) => o.name);
    expect(subs[0]).toBe('help');
    expect(subs.slice(1)).toEqual(topLevel(COMMANDS.filter((d) => d.needs !== 'manage')));
    expect((admin?.options ?? []).map((o) => o.name)).toEqual(topLevel(COMMANDS.filter((d) => d.needs === 'manage')));
    for (const built of [command, admin]) expect(commandChars(built as Json)).toBeLessThanOrEqual(MAX_COMMAND_CHARS);
  });

  it('two-word names become a subcommand group; options keep their types, choices and autocomplete', () => {
    const command = buildSitrepCommand(withTestDefs()) as unknown as Json;
    const byName = new Map((command.options ?? []).map((o) => [o.name, o]));
    expect(byName.get('schedule')).toMatchObject({ type: 2, description: 'Schedule: list' });
    const managing = buildAdminCommand(withTestDefs()) as unknown as Json;
    const schedule = (managing.options ?? []).find((o) => o.name === 'schedule');
    expect(schedule).toMatchObject({ type: 2, description: 'Schedule: add, remove' });
    expect(schedule?.options?.map((o) => [o.name, o.type])).toEqual([
      ['add', 1],
      ['remove', 1],
    ]);
    const add = schedule?.options?.[0]?.options ?? [];
    expect(add.map((o) => o.name)).toEqual(['schedule', 'tz', 'story', 'tier']);
    expect(add[0]).toMatchObject({ type: 3, required: true });
    expect(add[1]).toMatchObject({ type: 3, autocomplete: true, required: false });
    // Discord refuses choices together with autocomplete: choices win when there are ≤ 25.
    expect(add[3]).toMatchObject({
      choices: [
        { name: 'headline', value: 'headline' },
        { name: 'short', value: 'short' },
        { name: 'full', value: 'full' },
      ],
    });
    expect(add[3]?.autocomplete).toBeUndefined();
    // More than 25 choices are offered through autocomplete instead.
    expect(byName.get('many')?.options?.[0]).toMatchObject({ autocomplete: true });
    expect(byName.get('many')?.options?.[0]?.choices).toBeUndefined();
  });

  it('lookups get a share boolean; channel settings and admin commands do not', () => {
    const command = buildSitrepCommand(withTestDefs()) as unknown as Json;
    const byName = new Map((command.options ?? []).map((o) => [o.name, o]));
    const share = (o: Json | undefined) => (o?.options ?? []).find((x) => x.name === 'share');
    for (const name of ['brief', 'actor', 'actors', 'claims', 'claim', 'timeline', 'many']) {
      expect(share(byName.get(name)), name).toMatchObject({ type: 5, required: false });
    }
    for (const name of ['set', 'help']) expect(share(byName.get(name)), name).toBeUndefined();
    for (const sub of byName.get('schedule')?.options ?? []) expect(share(sub)).toBeUndefined();
    const managing = buildAdminCommand(withTestDefs()) as unknown as Json;
    for (const option of managing.options ?? []) expect(share(option), option.name).toBeUndefined();
  });

  it('refuses what Discord would refuse', () => {
    expect(() => buildSitrepCommand([def('schedule'), def('schedule add')])).toThrow(/both a subcommand and a group/);
    expect(() => buildSitrepCommand([def('BadName')])).toThrow();
    const wordy = Array.from({ length: 24 }, (_, i) =>
      def(`c${String.fromCharCode(97 + i)}`, {
        description: 'd'.repeat(100),
        options: Array.from({ length: 4 }, (_, j) => ({ name: `o${j}`, description: 'e'.repeat(100) })),
      }),
    );
    expect(() => buildSitrepCommand(wordy)).toThrow(/8000/);
    expect(() =>
      buildSitrepCommand(Array.from({ length: 25 }, (_, i) => def(`c${String.fromCharCode(97 + i)}`))),
    ).toThrow();
  });

  it('findOption resolves an interaction path and option name to the definition', () => {
    const defs = withTestDefs();
    expect(findOption(defs, 'schedule add', 'tz')?.option.autocomplete).toBe('timezone');
    expect(findOption(defs, 'actor', 'name')?.option.autocomplete).toBe('actor');
    expect(findOption(defs, 'actor', 'nope')).toBeUndefined();
  });
});
