/**
 * The benchmark harness's reporting helpers. A benchmark module calls `report(name, value, unit)`
 * for each figure and `report.ratio(name, a, b)` for a comparison; lines are printed aligned, and
 * figures with a target say whether they met it.
 */

export interface Target {
  /** The figure should be at most this (times, sizes). */
  max?: number;
  /** The figure should be at least this (throughputs, hit rates). */
  min?: number;
}

export interface Figure {
  module: string;
  name: string;
  value: number;
  unit: string;
  target?: Target;
  met?: boolean;
}

export interface Reporter {
  /** One named figure, e.g. `report('actor.p99', 1.8, 'ms', { max: 5 })`. */
  (name: string, value: number, unit: string, target?: Target): void;
  /** `a / b` as a named ratio, e.g. `report.ratio('typo vs exact p50', typoP50, exactP50)`. */
  ratio(name: string, a: number, b: number, target?: Target): void;
  /** A line of context (sizes, settings), printed as a comment. */
  note(text: string): void;
  /** Everything reported so far, across modules. */
  readonly figures: readonly Figure[];
}

const NAME_WIDTH = 46;
const VALUE_WIDTH = 11;
const UNIT_WIDTH = 6;

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(4);
}

function describeTarget(target: Target, unit: string): string {
  // Bounds are inclusive (see meetsTarget), and say so.
  if (target.max !== undefined && target.max === target.min) return `= ${formatValue(target.max)} ${unit}`.trimEnd();
  const parts: string[] = [];
  if (target.max !== undefined) parts.push(`≤ ${formatValue(target.max)} ${unit}`.trimEnd());
  if (target.min !== undefined) parts.push(`≥ ${formatValue(target.min)} ${unit}`.trimEnd());
  return parts.join(' and ');
}

function meets(value: number, target: Target): boolean {
  return (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
}

/** A reporter for one module (`module` prefixes nothing; it is kept for the summary). */
export function createReporter(
  write: (line: string) => void,
  figures: Figure[] = [],
): Reporter & { setModule(name: string): void } {
  let module = '';
  const line = (name: string, value: number, unit: string, target?: Target) => {
    const figure: Figure = { module, name, value, unit };
    let tail = '';
    if (target) {
      figure.target = target;
      figure.met = meets(value, target);
      tail = `  target ${describeTarget(target, unit)}: ${figure.met ? 'ok' : 'MISSED'}`;
    }
    figures.push(figure);
    write(
      `  ${name.padEnd(NAME_WIDTH)} ${formatValue(value).padStart(VALUE_WIDTH)} ${unit.padEnd(UNIT_WIDTH)}${tail}`.trimEnd(),
    );
  };
  const reporter = Object.assign(line, {
    ratio(name: string, a: number, b: number, target?: Target) {
      line(name, b === 0 ? Number.POSITIVE_INFINITY : a / b, '×', target);
    },
    note(text: string) {
      write(`  # ${text}`);
    },
    figures,
    setModule(name: string) {
      module = name;
    },
  });
  return reporter;
}

/** The p-th percentile (0-100) of some samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Wall-clock and CPU milliseconds of one call. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}
