import { describe, expect, it } from 'vitest';
import { type Identity, may, refusal, rolesOf } from '../../../src/core/access.js';

const people = { admins: ['slack:UADMIN'], editors: ['slack:UEDIT', 'discord:42'] };
const slack = (userId: string, extra: Partial<Identity> = {}): Identity => ({ platform: 'slack', userId, ...extra });

describe('who may do what', () => {
  it('everyone reads; nobody else manages or edits', () => {
    const someone = slack('UNOBODY');
    expect(rolesOf(someone, people)).toEqual(['reader']);
    expect(may(someone, 'read', people)).toBe(true);
    expect(may(someone, 'manage', people)).toBe(false);
    expect(may(someone, 'edit', people)).toBe(false);
  });

  it('a platform manager manages channels but never edits content', () => {
    const manager = { platform: 'discord' as const, userId: '7', platformManager: true };
    expect(rolesOf(manager, people)).toEqual(['reader', 'manager']);
    expect(may(manager, 'manage', people)).toBe(true);
    expect(may(manager, 'edit', people)).toBe(false);
  });

  it('an editor edits content but does not manage channels unless their platform says so', () => {
    expect(may(slack('UEDIT'), 'edit', people)).toBe(true);
    expect(may(slack('UEDIT'), 'manage', people)).toBe(false);
    const both = { platform: 'discord' as const, userId: '42', platformManager: true };
    expect(rolesOf(both, people)).toEqual(['reader', 'manager', 'editor']);
  });

  it('the same id on another platform is someone else', () => {
    expect(may({ platform: 'discord', userId: 'UEDIT' }, 'edit', people)).toBe(false);
    expect(may({ platform: 'slack', userId: '42' }, 'edit', people)).toBe(false);
  });

  it('admins, and the person at the terminal, do everything', () => {
    for (const who of [slack('UADMIN'), { platform: 'shell' as const, userId: 'ops', operator: true }]) {
      expect(rolesOf(who, people)).toEqual(['reader', 'manager', 'editor', 'admin']);
      expect(may(who, 'edit', people) && may(who, 'manage', people)).toBe(true);
    }
    expect(may({ platform: 'shell', userId: 'ops' }, 'edit', people)).toBe(false);
  });

  it('a refusal names who may run the command', () => {
    expect(refusal('edit', 'set')).toBe(
      "Only the editors and admins named in the bot's configuration (config/sitrep.yaml, or ADMINS) can use /sitrep set. Platform roles do not grant edits.",
    );
    expect(refusal('manage', 'schedule add')).toMatch(/Manage Server.* can use \/sitrep schedule add\.$/);
  });
});
