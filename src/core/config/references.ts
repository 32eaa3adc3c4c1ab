import type { Story } from '../story/schema.js';

/** A config entry naming a story, actor or claim that no loaded story has. */
export interface ConfigReferenceProblem {
  /** Where the name sits in config/sitrep.yaml, for a `path:line:col` (see YamlSource.problemAt). */
  at: ['schedules' | 'tracking', number, 'story' | 'track'];
  /** The entry as a log line names it: `tracking[1] (discord:123…: claim nope)`. */
  entry: string;
  message: string;
}

/**
 * What the checks below read of the config. Loose on purpose: `sitrep validate` also passes the raw
 * data of a config the schema refused, so a bad name is reported with the schema's problems, not
 * only once those are fixed. An entry whose fields are of the wrong shape is the schema's to report.
 */
export interface ConfigNames {
  schedules?: unknown;
  tracking?: unknown;
}

type Fields = Record<string, unknown>;

function entries(list: unknown): Array<[number, Fields]> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry, index) =>
    typeof entry === 'object' && entry !== null ? [[index, entry as Fields]] : [],
  );
}

/** A schedule entry as a log line names it: `schedules[3] (slack:C2: daily 25:00, story kim-putin-summit)`. */
export function describeScheduleEntry(index: number, entry: Fields): string {
  const story = typeof entry.story === 'string' ? `, story ${entry.story}` : '';
  return `schedules[${index}] (${String(entry.channel)}: ${String(entry.at)}${story})`;
}

/**
 * The config's names checked against the stories: a schedule's `story` and each `tracking` target.
 * An actor or claim is matched by its id in any story, as alerts match config tracking (a config
 * entry has no story part: see configSubscriptions).
 */
export function configReferenceProblems(config: ConfigNames, stories: readonly Story[]): ConfigReferenceProblem[] {
  const ids: Record<string, Set<string>> = {
    story: new Set(stories.map((s) => s.id)),
    actor: new Set(stories.flatMap((s) => s.actors.map((a) => a.id))),
    claim: new Set(stories.flatMap((s) => s.claims.map((c) => c.id))),
  };
  const problems: ConfigReferenceProblem[] = [];
  for (const [index, entry] of entries(config.schedules)) {
    if (typeof entry.story !== 'string' || ids.story?.has(entry.story)) continue;
    problems.push({
      at: ['schedules', index, 'story'],
      entry: describeScheduleEntry(index, entry),
      message: `schedules[${index}].story: unknown story "${entry.story}" (no valid story file has that id)`,
    });
  }
  for (const [index, entry] of entries(config.tracking)) {
    const match = typeof entry.track === 'string' ? /^(story|actor|claim) (\S+)$/.exec(entry.track) : null;
    const [, kind = '', target = ''] = match ?? [];
    if (!match || ids[kind]?.has(target)) continue;
    const why = kind === 'story' ? 'no valid story file has that id' : `no ${kind} with that id in any valid story`;
    problems.push({
      at: ['tracking', index, 'track'],
      entry: `tracking[${index}] (${String(entry.channel)}: ${entry.track})`,
      message: `tracking[${index}].track: unknown ${kind} "${target}" (${why})`,
    });
  }
  return problems;
}
