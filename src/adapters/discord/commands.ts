import {
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { capitalise } from '../../core/helpers.js';
import type { CommandSpec, OptionSpec } from '../../core/ports.js';

/**
 * The application command Discord registers: ONE chat-input command, `/sitrep`, whose subcommands
 * (and subcommand groups, for two-word names like `schedule add`) come from the core's command
 * definitions, so Discord's typed options can never drift from what the core accepts.
 *
 * It is built with discord.js's `SlashCommandBuilder`, whose validators check every name,
 * description, choice and count against Discord's rules while the command is built.
 */

export const COMMAND_NAME = 'sitrep';
export const COMMAND_DESCRIPTION = 'Briefings, actors and claims for the story your team follows';

/**
 * The commands that manage a channel's deliveries (schedules, tracking) live under a second command
 * that Discord itself offers only to members with Manage Server (`default_member_permissions`), in
 * servers only. A server's admins can widen or narrow that under Server Settings → Integrations; the
 * core checks the member's permissions again either way.
 */
export const ADMIN_COMMAND_NAME = 'sitrep-admin';
export const ADMIN_COMMAND_DESCRIPTION = "Manage this channel's briefing schedules and claim alerts";

/** Which of the two commands a definition is registered under. */
export function commandNameOf(def: Pick<CommandSpec, 'needs'>): string {
  return def.needs === 'manage' ? ADMIN_COMMAND_NAME : COMMAND_NAME;
}

/** Discord allows 25 choices; a longer list is offered through autocomplete instead. */
const MAX_CHOICES = 25;
/** Discord's cap on the characters of one command (names, descriptions, choices, all levels). */
export const MAX_COMMAND_CHARS = 8000;

/** The `share` option: post a lookup's answer in the channel rather than only to the caller. */
export const SHARE_OPTION = 'share';

/**
 * Commands about this channel's own settings or that change something: no `share` option (their
 * answers are for the person who typed them). Everything else is a lookup and gets one.
 */
const NOT_LOOKUPS = new Set(['schedule', 'track', 'untrack', 'tracking', 'why', 'set']);

export function isLookup(def: CommandSpec): boolean {
  const [first = ''] = def.name.split(' ');
  return (
    (def.needs ?? 'read') === 'read' &&
    !def.privateOnly &&
    !NOT_LOOKUPS.has(first) &&
    !def.options.some((o) => o.name === SHARE_OPTION)
  );
}

/** How an option is offered: a fixed list of choices, autocomplete, or free text. */
export function optionMode(option: OptionSpec): 'choices' | 'autocomplete' | 'text' {
  if (option.choices && option.choices.length > 0 && option.choices.length <= MAX_CHOICES) return 'choices';
  if (option.autocomplete || (option.choices && option.choices.length > 0)) return 'autocomplete';
  return 'text';
}

function describeGroup(name: string, defs: readonly CommandSpec[]): string {
  const subs = defs.map((d) => d.name.split(' ')[1]).join(', ');
  const text = `${capitalise(name)}: ${subs}`;
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

function addSubcommand(
  sub: SlashCommandSubcommandBuilder,
  name: string,
  def: CommandSpec,
): SlashCommandSubcommandBuilder {
  sub.setName(name).setDescription(def.description);
  for (const option of def.options) {
    sub.addStringOption((o) => {
      o.setName(option.name)
        .setDescription(option.description)
        .setRequired(option.required === true);
      const mode = optionMode(option);
      if (mode === 'choices') o.addChoices(...(option.choices ?? []).map((c) => ({ name: c, value: c })));
      if (mode === 'autocomplete') o.setAutocomplete(true);
      return o;
    });
  }
  if (isLookup(def)) {
    sub.addBooleanOption((o) =>
      o.setName(SHARE_OPTION).setDescription('Post the answer in the channel for everyone (default: only you)'),
    );
  }
  return sub;
}

/** The `/sitrep` command for `PUT /applications/{app}/commands`; throws if Discord would refuse it. */
export function buildSitrepCommand(defs: readonly CommandSpec[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const builder = new SlashCommandBuilder().setName(COMMAND_NAME).setDescription(COMMAND_DESCRIPTION);
  builder.addSubcommand((s) => s.setName('help').setDescription('The commands, with examples'));
  return withSubcommands(
    builder,
    defs.filter((d) => commandNameOf(d) === COMMAND_NAME),
  );
}

/** `/sitrep-admin`: the managing commands, offered by Discord to members with Manage Server, in servers. */
export function buildAdminCommand(defs: readonly CommandSpec[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const builder = new SlashCommandBuilder()
    .setName(ADMIN_COMMAND_NAME)
    .setDescription(ADMIN_COMMAND_DESCRIPTION)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild);
  return withSubcommands(
    builder,
    defs.filter((d) => commandNameOf(d) === ADMIN_COMMAND_NAME),
  );
}

function withSubcommands(
  builder: SlashCommandBuilder,
  defs: readonly CommandSpec[],
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const groups = new Map<string, CommandSpec[]>();
  const singles = new Set<string>();
  for (const def of defs) {
    const [first = '', second] = def.name.split(' ');
    if (second === undefined) {
      singles.add(first);
      builder.addSubcommand((s) => addSubcommand(s, first, def));
    } else {
      groups.set(first, [...(groups.get(first) ?? []), def]);
    }
  }
  for (const [name, members] of groups) {
    if (singles.has(name)) throw new Error(`/${builder.name} ${name} is both a subcommand and a group`);
    builder.addSubcommandGroup((g) => {
      g.setName(name).setDescription(describeGroup(name, members));
      for (const def of members) g.addSubcommand((s) => addSubcommand(s, def.name.split(' ')[1] ?? '', def));
      return g;
    });
  }
  const json = builder.toJSON();
  const size = commandChars(json);
  if (size > MAX_COMMAND_CHARS) {
    throw new Error(
      `/${builder.name} has ${size} characters of names and descriptions; Discord allows ${MAX_COMMAND_CHARS}`,
    );
  }
  return json;
}

/** Bulk-overwrite body: every application command this bot has (`/sitrep`, and `/sitrep-admin` when any command manages). */
export function buildApplicationCommands(
  defs: readonly CommandSpec[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const managing = defs.some((d) => commandNameOf(d) === ADMIN_COMMAND_NAME);
  return [buildSitrepCommand(defs), ...(managing ? [buildAdminCommand(defs)] : [])];
}

interface Countable {
  name: string;
  description?: string;
  options?: readonly Countable[];
  choices?: ReadonlyArray<{ name: string; value: string | number }>;
}

/** Characters Discord counts toward the 8,000 cap (names, descriptions, choice names and values). */
export function commandChars(command: Countable): number {
  let total = command.name.length + (command.description?.length ?? 0);
  for (const choice of command.choices ?? []) total += choice.name.length + String(choice.value).length;
  for (const option of command.options ?? []) total += commandChars(option);
  return total;
}

/** The definition and option an interaction's path (`actor`, `schedule add`) and option name mean. */
export function findOption(
  defs: readonly CommandSpec[],
  path: string,
  optionName: string,
): { def: CommandSpec; option: OptionSpec } | undefined {
  const def = defs.find((d) => d.name === path);
  const option = def?.options.find((o) => o.name === optionName);
  return def && option ? { def, option } : undefined;
}
