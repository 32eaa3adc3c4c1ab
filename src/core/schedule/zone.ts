import { distance as editDistance } from 'fastest-levenshtein';
export type TimeZoneResult = { ok: true; zone: string } | { ok: false; message: string };

const canonicalByInput = new Map<string, string | null>();

/** Canonical IANA name as the runtime's ICU spells it (e.g. `america/new_york` → `America/New_York`), or null. */
function canonicalTimeZone(zone: string): string | null {
  const cached = canonicalByInput.get(zone);
  if (cached !== undefined) return cached;
  let canonical: string | null = null;
  if (zone.trim() !== '') {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      canonical = null;
    }
  }
  canonicalByInput.set(zone, canonical);
  return canonical;
}

export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** Validates an IANA zone; on success `zone` is the canonical spelling to store. */
export function validateTimeZone(zone: string): TimeZoneResult {
  const canonical = canonicalTimeZone(zone);
  if (canonical !== null) return { ok: true, zone: canonical };
  const suggestion = suggestTimeZone(zone);
  const hint =
    suggestion === undefined ? ' (use an IANA name like "Europe/London" or "UTC")' : `; did you mean "${suggestion}"?`;
  return { ok: false, message: `unknown time zone "${zone}"${hint}` };
}

/**
 * Whether a `schedule add` argument should be read as a zone rather than a story id. Only Area/Location
 * names and UTC/GMT count: legacy single-word zones such as "Iran", "Israel", "Japan", "Cuba" or "Turkey"
 * are valid to Intl but are far more likely to be news-story ids in this bot.
 */
export function isTimeZoneToken(token: string): boolean {
  if (token.includes('/')) return isValidTimeZone(token);
  return /^(utc|gmt)$/i.test(token);
}

let knownZones: readonly string[] | undefined;

function allTimeZones(): readonly string[] {
  knownZones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return knownZones;
}

function comparable(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '_');
}

/** Closest known zone by edit distance; a bare city ("Lundon", "new york") is also compared to the location part. */
function suggestTimeZone(zone: string): string | undefined {
  const wanted = comparable(zone);
  if (wanted === '') return undefined;
  const bareCity = !wanted.includes('/');
  let best: { zone: string; distance: number } | undefined;
  for (const candidate of allTimeZones()) {
    const full = comparable(candidate);
    const city = full.slice(full.lastIndexOf('/') + 1);
    const distance = Math.min(editDistance(wanted, full), bareCity ? editDistance(wanted, city) : Infinity);
    if (best === undefined || distance < best.distance) best = { zone: candidate, distance };
  }
  const tolerance = Math.max(1, Math.floor(wanted.length / 4));
  return best !== undefined && best.distance <= tolerance ? best.zone : undefined;
}
