import { distance } from 'fastest-levenshtein';
import type { OptionSpec } from '../ports.js';
import { tokenize } from './tokenize.js';
import type { CommandContext, CommandDef } from './types.js';

export type ParsedCommand =
  | { kind: 'command'; def: CommandDef; args: Record<string, string | undefined>; share: boolean }
  | { kind: 'help' }
  | { kind: 'unknown'; word: string; suggestion?: string }
  | { kind: 'invalid'; def: CommandDef; message: string };

/** The text of a chat line after `/sitrep` (the shell also accepts the `/sitrep` prefix itself). */
export function commandWords(text: string): string[] {
  const words = tokenize(text);
  if (words[0]?.toLowerCase() === '/sitrep' || words[0]?.toLowerCase() === 'sitrep') words.shift();
  return words;
}

function matchChoice(word: string, choices: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return choices.find((c) => c.toLowerCase() === lower);
}

/** Maps words onto a command's options in order; see OptionSpec for the rules. Never throws. */
export function splitPositional(
  words: readonly string[],
  options: readonly OptionSpec[],
  ctx: Pick<CommandContext, 'catalog'>,
): Record<string, string | undefined> | { error: string } {
  const args: Record<string, string | undefined> = {};
  const remaining = [...words];
  for (const [i, option] of options.entries()) {
    const word = remaining[0];
    if (word === undefined) break;
    if (option.rest) {
      let end = remaining.length;
      for (const later of options.slice(i + 1).reverse()) {
        const last = remaining[end - 1];
        const choice = later.choices && last !== undefined ? matchChoice(last, later.choices) : undefined;
        // A required rest option keeps at least one word; an optional one may be left empty, so
        // `claims confirmed` filters by status rather than looking for an actor called "confirmed".
        if (choice === undefined || end <= (option.required ? 1 : 0)) continue;
        args[later.name] = choice;
        end -= 1;
      }
      if (end > 0) args[option.name] = remaining.slice(0, end).join(' ');
      remaining.length = 0;
      break;
    }
    if (option.choices) {
      const choice = matchChoice(word, option.choices);
      if (choice !== undefined) {
        args[option.name] = choice;
        remaining.shift();
      } else if (option.required) {
        return { error: `${option.name} must be one of ${option.choices.join(', ')}, not "${word}"` };
      }
      continue;
    }
    if (option.autocomplete === 'story' && !option.required && !ctx.catalog.isStory(word)) continue;
    args[option.name] = word;
    remaining.shift();
  }
  if (remaining.length > 0) {
    // The word most likely meant a story this command takes but that is not loaded: say so.
    const at = options.findIndex((o) => o.autocomplete === 'story' && args[o.name] === undefined);
    const laterFilled = at >= 0 && options.slice(at + 1).some((o) => args[o.name] !== undefined);
    if (at >= 0 && !laterFilled && remaining.length === 1) {
      const loaded = ctx.catalog.list().map((v) => v.id);
      return { error: `no story called "${remaining[0]}" (loaded: ${loaded.join(', ') || 'none'})` };
    }
    return { error: `unexpected "${remaining.join(' ')}"` };
  }
  return args;
}

export function missingRequired(def: CommandDef, args: Record<string, string | undefined>): OptionSpec | undefined {
  return def.options.find((o) => o.required && (args[o.name] === undefined || args[o.name] === ''));
}

export function usage(def: CommandDef): string {
  const options = def.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return ['/sitrep', def.name, ...options].join(' ');
}

/** Finds the command a line names and its arguments. Never throws, whatever the input. */
export function parseCommand(
  text: string,
  defs: ReadonlyMap<string, CommandDef>,
  ctx: Pick<CommandContext, 'catalog'>,
): ParsedCommand {
  const words = commandWords(text);
  let share = false;
  if (words.length > 1 && words[words.length - 1]?.toLowerCase() === 'share') {
    words.pop();
    share = true;
  }
  const first = words[0]?.toLowerCase();
  if (first === undefined || first === 'help' || first === '-h' || first === '--help') return { kind: 'help' };
  const two = `${first} ${words[1]?.toLowerCase() ?? ''}`;
  const def = defs.get(two) ?? defs.get(first);
  if (!def) {
    const names = [...new Set([...defs.keys()].map((n) => n.split(' ')[0] as string))];
    const scored = names.map((n) => ({ n, d: distance(n, first) })).sort((a, b) => a.d - b.d)[0];
    const suggestion = scored && scored.d <= 2 ? scored.n : undefined;
    return suggestion ? { kind: 'unknown', word: first, suggestion } : { kind: 'unknown', word: first };
  }
  const rest = words.slice(def.name.split(' ').length);
  const split = def.split ? def.split(rest, ctx as CommandContext) : splitPositional(rest, def.options, ctx);
  if ('error' in split && typeof split.error === 'string') return { kind: 'invalid', def, message: split.error };
  const args = split as Record<string, string | undefined>;
  const missing = missingRequired(def, args);
  if (missing) return { kind: 'invalid', def, message: `missing ${missing.name}` };
  return { kind: 'command', def, args, share };
}
