import { type Card, contextBlock, type OutgoingMessage } from '../message.js';
import type { Permission } from '../ports.js';
import { accept } from './accept.js';
import { actor } from './actor.js';
import { actors } from './actors.js';
import { addClaim } from './add-claim.js';
import { brief } from './brief.js';
import { changes } from './changes.js';
import { claim } from './claim.js';
import { claims } from './claims.js';
import { consoleLink } from './console.js';
import { edit } from './edit.js';
import { usage } from './parse.js';
import { confirm, discard } from './pending.js';
import { proposals } from './proposals.js';
import { propose } from './propose.js';
import { reject } from './reject.js';
import { scheduleAdd } from './schedule-add.js';
import { scheduleList } from './schedule-list.js';
import { scheduleRemove } from './schedule-remove.js';
import { search } from './search.js';
import { set } from './set.js';
import { source } from './source.js';
import { sources } from './sources.js';
import { timeline } from './timeline.js';
import { track } from './track.js';
import { tracking } from './tracking.js';
import type { CommandDef } from './types.js';
import { untrack } from './untrack.js';
import { why } from './why.js';

/** Every `/sitrep` subcommand, in the order help lists them. */
export const COMMANDS: readonly CommandDef[] = [
  brief,
  actor,
  actors,
  claims,
  claim,
  sources,
  source,
  search,
  changes,
  timeline,
  scheduleAdd,
  scheduleList,
  scheduleRemove,
  track,
  untrack,
  tracking,
  set,
  edit,
  addClaim,
  confirm,
  discard,
  propose,
  proposals,
  accept,
  reject,
  why,
  consoleLink,
];

const NAME = /^[a-z][a-z-]{0,31}$/;

/**
 * Checks the definitions once at load, so a bad definition fails start-up and tests rather than a
 * user's command, and so every platform (Discord's registered options included) can trust them.
 */
export function validateCommands(defs: readonly CommandDef[]): Map<string, CommandDef> {
  const byName = new Map<string, CommandDef>();
  const problems: string[] = [];
  for (const def of defs) {
    const words = def.name.split(' ');
    if (words.length > 2 || !words.every((w) => NAME.test(w))) problems.push(`${def.name}: bad name`);
    if (byName.has(def.name)) problems.push(`${def.name}: defined twice`);
    if (def.description.length === 0 || def.description.length > 100) problems.push(`${def.name}: description 1-100`);
    if (def.examples.length === 0) problems.push(`${def.name}: needs an example`);
    let optionalSeen = false;
    const names = new Set<string>();
    for (const option of def.options) {
      if (!NAME.test(option.name) || names.has(option.name)) problems.push(`${def.name}: option ${option.name}`);
      names.add(option.name);
      if (option.required && optionalSeen) problems.push(`${def.name}: required ${option.name} after an optional one`);
      if (!option.required) optionalSeen = true;
      if (option.description.length === 0 || option.description.length > 100) {
        problems.push(`${def.name}: option ${option.name} description 1-100`);
      }
    }
    const restAt = def.options.findIndex((o) => o.rest);
    if (restAt >= 0 && def.options.slice(restAt + 1).some((o) => !o.choices)) {
      problems.push(`${def.name}: only options with choices may follow a rest option`);
    }
    byName.set(def.name, def);
  }
  if (byName.has('help')) problems.push('help is built in');
  if (problems.length > 0) throw new Error(`Invalid command definitions:\n${problems.join('\n')}`);
  return byName;
}

/** After a command in help: who may run it, when not everyone. */
// Discord offers the managing commands under a command of their own, for members with Manage Server.
const NEEDS_NOTE: Record<Permission, string> = {
  read: '',
  manage: ' (managers; on Discord under /sitrep-admin)',
  edit: ' (editors)',
};

/** Help, built from the definitions so it can never drift from what the commands accept. */
export function helpMessage(
  defs: Iterable<CommandDef>,
  options: { may: (needs: Permission) => boolean },
): OutgoingMessage {
  const shown = [...defs].filter((d) => options.may(d.needs ?? 'read'));
  const card: Card = {
    title: 'Sitrep commands',
    tone: 'info',
    blocks: [
      {
        type: 'list',
        items: [
          [{ text: '/sitrep help', style: 'code' }, ' — this list'],
          ...shown.map((d) => [
            { text: usage(d), style: 'code' as const },
            ` — ${d.description}${NEEDS_NOTE[d.needs ?? 'read']}`,
            ...(d.examples[0] ? [' · e.g. ', { text: `/sitrep ${d.examples[0]}`, style: 'code' as const }] : []),
          ]),
        ],
      },
      contextBlock('Add "share" to a lookup to post the answer in the channel. Names are typo-tolerant.'),
    ],
  };
  return { text: 'Sitrep commands', cards: [card], visibility: 'private' };
}
