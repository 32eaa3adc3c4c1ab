import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, helpMessage, validateCommands } from '../../../../src/core/commands/registry.js';
import { CommandRouter } from '../../../../src/core/commands/router.js';
import type { CommandDef } from '../../../../src/core/commands/types.js';
import { notice } from '../../../../src/core/message.js';
import {
  johnChoices,
  openTestCore,
  SHIPPED_STORY,
  STACK_FRAME,
  SYNTHETIC_STORY,
  seen,
  type TestCore,
} from './helpers.js';

/** What people see when they type /sitrep commands, through the real core (`createCore`). */

let kim: TestCore;
let dam: TestCore;
beforeAll(async () => {
  [kim, dam] = await Promise.all([openTestCore([SHIPPED_STORY]), openTestCore([SYNTHETIC_STORY])]);
});
afterAll(async () => {
  await Promise.all([kim.dispose(), dam.dispose()]);
  // Nothing in this file may fail unexpectedly (the router logs such failures as errors).
  expect([...kim.log.errors, ...dam.log.errors]).toEqual([]);
});

/** Lines of a claim list: "  • 🟡 text (status · … · source: Name)". */
function claimLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('  • '));
}

/** The shipped story's two Johns, as a pick list names them. */
const JOHNS = [
  'John Kirby — National Security Council spokesman (john-kirby)',
  'John Everard — Former UK ambassador to North Korea (john-everard)',
];

/** Asks `line` of `core`: the answer says `text` and names every candidate; the answer. */
async function expectCandidates(core: TestCore, line: string, text: string, candidates: readonly string[]) {
  const answer = await core.handle(line);
  expect(answer.text).toBe(text);
  for (const candidate of candidates) expect(seen(answer)).toContain(candidate);
  return answer;
}

const STATUS_AND_SOURCE = /\((reported|confirmed|disputed|denied|retracted|outdated) · .*source: .+\) · id [a-z0-9-]+$/;

describe('actor cards (shipped story)', () => {
  it('actor putin: who he is, his role, and every claim about him with status and source', async () => {
    const text = await kim.ask('actor putin');
    expect(text).toContain('== Vladimir Putin ==');
    expect(text).toContain('Kind: person');
    expect(text).toContain('Role: President of Russia');
    expect(text).toContain('Affiliation: Russia');
    expect(text).toContain('Claims involving Vladimir Putin (7):');
    const lines = claimLines(text);
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatch(STATUS_AND_SOURCE);
    expect(text).toContain('source: An unnamed US official');
  });

  it('a typo, another case or an alias finds the same card', async () => {
    const card = await kim.ask('actor putin');
    for (const query of ['Putn', 'PUTIN', 'Pútin', 'President Vladimir Putin', 'vladimir-putin']) {
      expect(await kim.ask(`actor ${query}`)).toBe(card);
    }
  });

  it('"kim" is Kim Jong Un (an exact alias), not a pick list of everything mentioning Kim', async () => {
    const answer = await kim.handle('actor kim');
    expect(answer.text).toBe('Kim Jong Un: Leader of North Korea');
  });

  it('several matches: a short pick list, a choice per actor', async () => {
    const answer = await expectCandidates(kim, 'actor john', 'Several actors match "john". Which one?', JOHNS);
    expect(answer.visibility).toBe('private');
    expect(answer.cards[0]?.blocks).toContainEqual(johnChoices('actor {choice}'));
  });

  it('answers are private, with a Share button; "share" posts in the channel', async () => {
    const privately = await kim.handle('actor putin');
    expect(privately.visibility).toBe('private');
    expect(seen(privately)).toContain('[Share in channel] → /sitrep actor vladimir-putin share');
    const shared = await kim.handle('actor putin share');
    expect(shared.visibility).toBe('channel');
    expect(seen(shared)).not.toContain('Share in channel');
  });
});

describe('claims, claim, actors, timeline (shipped story)', () => {
  it('claims kim: the claims about Kim Jong Un, each with status and source', async () => {
    const answer = await kim.handle('claims kim');
    expect(answer.text).toBe('9 claims about Kim Jong Un');
    const text = seen(answer);
    expect(text).toContain('== Claims about Kim Jong Un ==');
    const lines = claimLines(text);
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line).toMatch(STATUS_AND_SOURCE);
  });

  it('claims putin reported: filtered by status', async () => {
    const answer = await kim.handle('claims putin reported');
    expect(answer.text).toBe('6 claims about Vladimir Putin with status reported');
    for (const line of claimLines(seen(answer))) expect(line).toMatch(/\(reported · /);
  });

  it('claims confirmed: every confirmed claim (the example in help)', async () => {
    const answer = await kim.handle('claims confirmed');
    expect(answer.text).toBe('3 claims with status confirmed');
    const lines = claimLines(seen(answer));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/\(confirmed · /);
  });

  it('claims with an ambiguous actor names the candidates', async () => {
    await expectCandidates(kim, 'claims john', '"john" matches several actors. Which one?', JOHNS);
  });

  it('claim <id>: the claim, its status, source, hedging, confidence and note', async () => {
    const text = await kim.ask('claim kim-to-visit-russia');
    expect(text).toContain('== Claim kim-to-visit-russia ==');
    expect(text).toContain('Status: 🟡 reported');
    expect(text).toContain('Source: An unnamed US official');
    expect(text).toContain('How it was put: hedged');
    expect(text).toContain('Confidence: medium');
    expect(text).toContain('About: Kim Jong Un, Vladimir Putin, Russia');
    expect(text).toContain('Note: Exact purpose and location undisclosed.');
  });

  it('actors: one line each', async () => {
    const answer = await kim.handle('actors');
    expect(answer.text).toBe("18 actors in Kim Jong Un's expected visit to Russia");
    expect(seen(answer)).toContain('  • Vladimir Putin (person) — President of Russia · 7 claims');
  });

  it('timeline: dated events, oldest first', async () => {
    const dates = claimLines(await kim.ask('timeline')).map((line) => line.slice(4).split(' ')[0]);
    expect(dates).toEqual(['2019-04', '2023', '2023', '2023-08', '2023-09']);
  });
});

describe('bad input gets a short, helpful reply', () => {
  it.each([
    ['frobnicate', 'Unknown command "frobnicate". Try /sitrep help.'],
    ['actr putin', 'Unknown command "actr". Did you mean "actor"? Try /sitrep help.'],
    ['actor', 'Missing name. Usage: /sitrep actor <name> (e.g. /sitrep actor putin)'],
    ['claim', 'Missing id. Usage: /sitrep claim <id> (e.g. /sitrep claim kim-to-visit-russia)'],
    ['brief full extra', 'Unexpected "extra". Usage: /sitrep brief [story] [tier] (e.g. /sitrep brief)'],
    ['actor zelensky', 'No actor matches "zelensky". Try /sitrep actors for the list.'],
    ['claims zelensky', 'No actor or source matches "zelensky". Try /sitrep actors or /sitrep sources.'],
    ['claim no-such-claim', 'No claim with id "no-such-claim". Try /sitrep claims for the list.'],
    [
      'brief weather',
      'No story called "weather" (loaded: kim-putin-summit). Usage: /sitrep brief [story] [tier] (e.g. /sitrep brief)',
    ],
  ])('%j → %j', async (input, reply) => {
    const answer = await kim.handle(input);
    expect(answer.text).toBe(reply);
    expect(answer.cards[0]?.tone).toBe('warning');
    expect(answer.visibility).toBe('private');
    expect(answer.text.length).toBeLessThan(200);
    expect(seen(answer)).not.toMatch(STACK_FRAME);
  });

  it('an unexpected failure is a short apology with a reference, logged, never a stack trace', async () => {
    const broken: CommandDef = {
      name: 'explode',
      description: 'Fails',
      options: [],
      examples: ['explode'],
      run() {
        throw new TypeError('secret internals');
      },
    };
    const router = routerWith(kim, [broken]);
    const before = kim.log.errors.length;
    const answer = await router.handle({
      text: 'explode',
      caller: { platform: 'shell', userId: 'u', channel: 'shell:local' },
    });
    expect(answer.text).toMatch(/^Something went wrong answering that\. It has been logged \(ref [0-9a-f]{8}\)\.$/);
    expect(seen(answer)).not.toContain('secret internals');
    expect(kim.log.errors.length).toBe(before + 1);
    kim.log.errors.length = before; // expected here; the afterAll check is for everything else
  });
});

describe('any other story works the same (synthetic story)', () => {
  it.each([
    ['jose alvarez', 'José Álvarez: Minister of Water of Valdora'],
    ['José Álvarez', 'José Álvarez: Minister of Water of Valdora'],
    ['Álvarez', 'José Álvarez: Minister of Water of Valdora'],
    ['Alvarex', 'José Álvarez: Minister of Water of Valdora'],
    ['"the water minister"', 'José Álvarez: Minister of Water of Valdora'],
    ['lee', 'Anna Lee: Director of River Watch'],
    ['Mrio Santos', 'Mario Santos: Chief engineer of the Rio Claro dam'],
  ])('actor %s → %s', async (query, heading) => {
    expect((await dam.handle(`actor ${query}`)).text).toBe(heading);
  });

  it("the card shows role, affiliation, aliases, and the claims with their sources' names", async () => {
    const text = await dam.ask('actor jose alvarez');
    expect(text).toContain('Role: Minister of Water of Valdora');
    expect(text).toContain('Affiliation: Government of Valdora');
    expect(text).toContain('Also called: Álvarez, the water minister');
    const lines = claimLines(text);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(
      "(reported · hedged by the source · editors' confidence: medium · source: Statement by Valdora's Ministry of Water)",
    );
    expect(lines[1]).toContain('(retracted · source: El Diario de Valdora)');
  });

  it('santos: a pick list of Maria and Mario Santos', async () => {
    await expectCandidates(dam, 'actor santos', 'Several actors match "santos". Which one?', [
      'Maria Santos — Reporter at El Diario de Valdora (maria-santos)',
      'Mario Santos — Chief engineer of the Rio Claro dam (mario-santos)',
    ]);
  });

  it('claims by accented name and status, and every status is shown', async () => {
    expect((await dam.handle('claims álvarez retracted')).text).toBe(
      '1 claim about José Álvarez with status retracted',
    );
    const all = claimLines(await dam.ask('claims'));
    expect(all).toHaveLength(8);
    for (const status of ['reported', 'confirmed', 'disputed', 'denied', 'retracted', 'outdated']) {
      expect(all.some((line) => line.includes(`(${status} · `))).toBe(true);
    }
    expect(all.find((line) => line.includes('spillway'))).toContain(
      'source: El Diario de Valdora; River Watch (an independent monitoring group)',
    );
  });

  it('timeline sorts the dates whatever their order in the file', async () => {
    const dates = claimLines(await dam.ask('timeline')).map((line) => line.slice(4).split(' ')[0]);
    expect(dates).toEqual(['2029', '2030-11', '2031-03-14']);
  });
});

describe('help is generated from the command definitions', () => {
  it('lists every command with its usage, description and first example', async () => {
    const answer = await kim.handle('help');
    const text = seen(answer);
    for (const def of kim.core.router.definitions()) {
      if (def.needs) continue;
      expect(text).toContain(`/sitrep ${def.name}`);
      expect(text).toContain(def.description);
      if (def.examples[0]) expect(text).toContain(`/sitrep ${def.examples[0]}`);
    }
    for (const name of ['help', 'brief', 'actor', 'actors', 'claims', 'claim', 'timeline'])
      expect(text).toContain(`/sitrep ${name}`);
    expect(answer.visibility).toBe('private');
  });

  it('"", "/sitrep" and a typed-option "help" give the same help', async () => {
    const help = await kim.ask('help');
    expect(await kim.ask('')).toBe(help);
    expect(await kim.ask('/sitrep')).toBe(help);
    const invoked = await kim.core.router.handle({
      text: '',
      caller: { platform: 'discord', userId: '1', channel: 'discord:2' },
      invocation: { name: 'help', args: {} },
    });
    expect(seen(invoked)).toBe(help);
  });

  it("a newly defined command appears in help; an editors' command only for editors", async () => {
    const extra: CommandDef = {
      name: 'weather',
      description: 'Weather at the summit venue',
      options: [{ name: 'city', description: 'Which city', required: true }],
      examples: ['weather Vladivostok'],
      run: (args) => notice(`Sunny in ${args.city}`),
    };
    const secret: CommandDef = {
      ...extra,
      name: 'purge',
      description: 'Purge everything',
      needs: 'edit',
      examples: ['purge now'],
    };
    const router = routerWith(kim, [...COMMANDS, extra, secret]);
    const caller = { platform: 'shell' as const, userId: 'u', channel: 'shell:local' as const };
    const help = seen(await router.handle({ text: 'help', caller }));
    expect(help).toContain('/sitrep weather <city> — Weather at the summit venue · e.g. /sitrep weather Vladivostok');
    expect(help).not.toContain('purge');
    expect(seen(helpMessage(router.definitions(), { may: () => true }))).toContain(
      '/sitrep purge <city> — Purge everything (editors)',
    );
    expect((await router.handle({ text: 'weather Vladivostok', caller })).text).toBe('Sunny in Vladivostok');
    expect((await router.handle({ text: 'purge now', caller })).text).toMatch(
      /^Only the editors and admins .* can use \/sitrep purge\./,
    );
  });

  it('every example in help works as shown (foundation commands, shipped story)', async () => {
    const names = ['brief', 'actor', 'actors', 'claims', 'claim', 'timeline'];
    for (const def of kim.core.router.definitions().filter((d) => names.includes(d.name))) {
      for (const example of def.examples) {
        const answer = await kim.handle(example);
        expect(
          answer.cards.map((c) => c.tone),
          example,
        ).not.toContain('warning');
        expect(
          answer.cards.map((c) => c.tone),
          example,
        ).not.toContain('error');
      }
    }
  });
});

describe('command definitions are checked when the router is built', () => {
  const ok: CommandDef = { name: 'ok', description: 'Fine', options: [], examples: ['ok'], run: () => notice('ok') };

  it('the shipped definitions pass', () => {
    expect([...validateCommands(COMMANDS).keys()]).toEqual(COMMANDS.map((c) => c.name));
  });

  it.each<[string, CommandDef[], RegExp]>([
    ['a bad name', [{ ...ok, name: 'Bad Name!' }], /Bad Name!: bad name/],
    ['a name of three words', [{ ...ok, name: 'a b c' }], /a b c: bad name/],
    ['a duplicate', [ok, ok], /ok: defined twice/],
    ['an empty description', [{ ...ok, description: '' }], /ok: description 1-100/],
    ['no example', [{ ...ok, examples: [] }], /ok: needs an example/],
    [
      'a required option after an optional one',
      [
        {
          ...ok,
          options: [
            { name: 'a', description: 'a' },
            { name: 'b', description: 'b', required: true },
          ],
        },
      ],
      /ok: required b after an optional one/,
    ],
    [
      'a free option after a rest option',
      [
        {
          ...ok,
          options: [
            { name: 'a', description: 'a', rest: true },
            { name: 'b', description: 'b' },
          ],
        },
      ],
      /only options with choices may follow a rest option/,
    ],
    ['a command called help', [{ ...ok, name: 'help' }], /help is built in/],
  ])('%s is refused', (_, defs, message) => {
    expect(() => validateCommands(defs)).toThrow(message);
    expect(() => routerWith(kim, defs)).toThrow(message);
  });
});

function routerWith(core: TestCore, commands: readonly CommandDef[]): CommandRouter {
  return new CommandRouter({
    catalog: core.core.catalog,
    clock: core.core.clock,
    log: core.log,
    services: {
      store: core.core.store,
      config: core.core.config,
      editor: { apply: async () => ({ ok: false, message: 'not here' }) },
      history: { history: async () => [] },
    },
    commands,
  });
}
