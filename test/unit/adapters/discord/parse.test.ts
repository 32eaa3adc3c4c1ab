import { describe, expect, it } from 'vitest';
import { parseInteraction, type RawInteraction, type RawOption } from '../../../../src/adapters/discord/parse.js';

const member = (permissions: string) => ({ permissions, nick: 'Nick', user: { id: '42', username: 'reporter' } });

function command(options: RawOption[], extra: Partial<RawInteraction> = {}): RawInteraction {
  return {
    id: '1',
    token: 't',
    type: 2,
    guild_id: '900',
    channel_id: '800',
    member: member('0'),
    data: { name: 'sitrep', options },
    ...extra,
  };
}

/** A press or a pick on one of the bot's messages. */
function component(data: RawInteraction['data']): RawInteraction {
  return { id: '1', token: 't', type: 3, guild_id: '900', channel_id: '800', member: member('0'), data };
}

const sub = (name: string, options: RawOption[] = []): RawOption => ({ type: 1, name, options });
const str = (name: string, value: string): RawOption => ({ type: 3, name, value });

describe('parseInteraction', () => {
  it('a subcommand with typed options → invocation and text', () => {
    const parsed = parseInteraction(command([sub('actor', [str('name', 'north korean leader')])]));
    expect(parsed).toEqual({
      kind: 'command',
      via: 'command',
      shared: false,
      command: {
        text: 'actor "north korean leader"',
        caller: {
          platform: 'discord',
          userId: '42',
          displayName: 'Nick',
          channel: 'discord:800',
          workspace: '900',
        },
        invocation: { name: 'actor', args: { name: 'north korean leader' } },
      },
    });
  });

  it('a subcommand group → two-word name', () => {
    const parsed = parseInteraction(
      command([
        {
          type: 2,
          name: 'schedule',
          options: [sub('add', [str('schedule', '0 9 * * 1-5'), str('tz', 'Europe/London')])],
        },
      ]),
    );
    expect(parsed.kind === 'command' && parsed.command.invocation).toEqual({
      name: 'schedule add',
      args: { schedule: '0 9 * * 1-5', tz: 'Europe/London' },
    });
    expect(parsed.kind === 'command' && parsed.command.text).toBe('schedule add "0 9 * * 1-5" Europe/London');
  });

  it('share:true → args.share "true" and shared; share:false is left out', () => {
    const on = parseInteraction(
      command([sub('brief', [str('tier', 'full'), { type: 5, name: 'share', value: true }])]),
    );
    expect(on).toMatchObject({
      kind: 'command',
      shared: true,
      command: { text: 'brief full share', invocation: { args: { tier: 'full', share: 'true' } } },
    });
    const off = parseInteraction(command([sub('brief', [{ type: 5, name: 'share', value: false }])]));
    expect(off).toMatchObject({ kind: 'command', shared: false, command: { invocation: { name: 'brief', args: {} } } });
  });

  it('numbers and booleans other than share become strings', () => {
    const parsed = parseInteraction(
      command([
        sub('x', [
          { type: 4, name: 'count', value: 3 },
          { type: 5, name: 'flag', value: true },
        ]),
      ]),
    );
    expect(parsed.kind === 'command' && parsed.command.invocation?.args).toEqual({ count: '3', flag: 'true' });
  });

  it('Manage Server or Administrator → platformManager', () => {
    const admin = (permissions: string) => {
      const parsed = parseInteraction(command([sub('help')], { member: member(permissions) }));
      return parsed.kind === 'command' ? parsed.command.caller.platformManager : 'not a command';
    };
    expect(admin('32')).toBe(true);
    expect(admin('8')).toBe(true);
    expect(admin(String((1n << 40n) | 0x20n))).toBe(true);
    expect(admin('2248473465835073')).toBeUndefined();
    expect(admin('0')).toBeUndefined();
    expect(admin('not a number')).toBeUndefined();
  });

  it('a DM: user instead of member, no workspace, never platformManager', () => {
    const parsed = parseInteraction(
      command([sub('help')], { guild_id: null, member: null, user: { id: '7', username: 'u', global_name: 'User' } }),
    );
    expect(parsed.kind === 'command' && parsed.command.caller).toEqual({
      platform: 'discord',
      userId: '7',
      displayName: 'User',
      channel: 'discord:800',
    });
  });

  it('no subcommand → help', () => {
    const parsed = parseInteraction(command([]));
    expect(parsed.kind === 'command' && parsed.command.invocation).toEqual({ name: 'help', args: {} });
  });

  it('buttons: sitrep:<command text> → text command', () => {
    const button = (custom_id: string) => component({ custom_id, component_type: 2 });
    expect(parseInteraction(button('sitrep:actor vladimir-putin share'))).toMatchObject({
      kind: 'command',
      via: 'button',
      shared: true,
      command: { text: 'actor vladimir-putin share', caller: { userId: '42' } },
    });
    const plain = parseInteraction(button('sitrep:actor kim-jong-un'));
    expect(plain).toMatchObject({ kind: 'command', shared: false });
    expect(plain.kind === 'command' && plain.command.invocation).toBeUndefined();
    expect(parseInteraction(button('other:thing'))).toMatchObject({ kind: 'ignored' });
  });

  it('a pick from a menu: the value fills the slot of the command the menu carries, run as the picker', () => {
    const pick = (custom_id: string, values: string[]) => component({ custom_id, component_type: 3, values });
    expect(parseInteraction(pick('sitrep:claims {choice} speculative', ['kim-jong-un']))).toMatchObject({
      kind: 'command',
      via: 'select',
      shared: false,
      command: { text: 'claims kim-jong-un speculative', caller: { userId: '42' } },
    });
    expect(parseInteraction(pick('sitrep:actor {choice} share', ['vladimir-putin']))).toMatchObject({
      kind: 'command',
      shared: true,
      command: { text: 'actor vladimir-putin share' },
    });
    // A value is one word: it cannot smuggle in "share", a quote or another command.
    expect(parseInteraction(pick('sitrep:actor {choice}', ['kim share']))).toMatchObject({ kind: 'ignored' });
    expect(parseInteraction(pick('sitrep:actor {choice}', ['"kim'])).kind).toBe('ignored');
    expect(parseInteraction(pick('sitrep:actor {choice}', [])).kind).toBe('ignored');
    expect(parseInteraction(pick('sitrep:actor kim', ['x'])).kind).toBe('ignored');
    expect(parseInteraction(pick('other:{choice}', ['x'])).kind).toBe('ignored');
  });

  it('autocomplete: the focused option, its path and value', () => {
    const parsed = parseInteraction({
      ...command([
        {
          type: 2,
          name: 'schedule',
          options: [
            sub('add', [str('schedule', 'daily 09:00'), { type: 3, name: 'tz', value: 'Euro', focused: true }]),
          ],
        },
      ]),
      type: 4,
    });
    expect(parsed).toMatchObject({ kind: 'autocomplete', path: 'schedule add', option: 'tz', value: 'Euro' });
  });

  it('PING, other commands and other interaction types', () => {
    expect(parseInteraction({ id: '1', token: 't', type: 1 })).toEqual({ kind: 'ping' });
    expect(parseInteraction({ ...command([]), data: { name: 'other' } })).toMatchObject({ kind: 'ignored' });
    expect(parseInteraction({ ...command([]), type: 5 })).toMatchObject({ kind: 'ignored' });
    expect(parseInteraction({ ...command([]), member: null, user: null })).toMatchObject({ kind: 'ignored' });
  });
});
