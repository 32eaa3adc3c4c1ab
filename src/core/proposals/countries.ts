import { normalizeName } from '../story/normalize.js';

/**
 * States by name, code and demonym, from the runtime's own CLDR region names (Intl.DisplayNames),
 * so no list is kept here: "North Korea", "KP"/"US"/"UK", "North Korean", "Ukrainian", "Chinese".
 * Demonyms that do not grow from the name are the only ones written out.
 */

const IRREGULAR_DEMONYMS: Record<string, string> = {
  american: 'US',
  british: 'GB',
  english: 'GB',
  scottish: 'GB',
  welsh: 'GB',
  french: 'FR',
  dutch: 'NL',
  swiss: 'CH',
  greek: 'GR',
  turkish: 'TR',
  danish: 'DK',
  swedish: 'SE',
  finnish: 'FI',
  polish: 'PL',
  spanish: 'ES',
  irish: 'IE',
  thai: 'TH',
  filipino: 'PH',
  afghan: 'AF',
  saudi: 'SA',
  emirati: 'AE',
  israeli: 'IL',
  iraqi: 'IQ',
  kuwaiti: 'KW',
  pakistani: 'PK',
  bangladeshi: 'BD',
  yemeni: 'YE',
  omani: 'OM',
  qatari: 'QA',
  nepali: 'NP',
  vietnamese: 'VN',
  lebanese: 'LB',
  sudanese: 'SD',
  congolese: 'CD',
  portuguese: 'PT',
  japanese: 'JP',
};

// Region codes that name groupings, not states.
const NOT_STATES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

interface Gazetteer {
  byName: Map<string, string>;
  byCode: Map<string, string>;
  names: Array<{ key: string; name: string }>;
}

let gazetteer: Gazetteer | undefined;

function build(): Gazetteer {
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  const byName = new Map<string, string>();
  const byCode = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters)
    for (const b of letters) {
      const code = a + b;
      if (NOT_STATES.has(code)) continue;
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        continue;
      }
      if (!name || name === code || /unknown|pseudo|outlying/i.test(name)) continue;
      byCode.set(code, name);
      byName.set(normalizeName(name), name);
    }
  // "UK" is how the press writes GB.
  const gb = byCode.get('GB');
  if (gb) byCode.set('UK', gb);
  const names = [...byName].map(([key, name]) => ({ key, name }));
  return { byName, byCode, names };
}

function table(): Gazetteer {
  gazetteer ??= build();
  return gazetteer;
}

/** The state a name or code means ("north korea", "US", "UK"), by its usual English name. */
export function countryNamed(text: string): string | undefined {
  const trimmed = text.trim();
  const { byName, byCode } = table();
  if (/^[A-Z]{2}$/.test(trimmed)) return byCode.get(trimmed);
  return byName.get(normalizeName(trimmed));
}

/** The state a demonym belongs to: "North Korean" → North Korea, "Ukrainian" → Ukraine. */
export function countryOfDemonym(text: string): string | undefined {
  const key = normalizeName(text);
  if (!key || table().byName.has(key)) return undefined;
  const irregular = IRREGULAR_DEMONYMS[key];
  if (irregular) return table().byCode.get(irregular);
  for (const { key: country, name } of table().names) {
    const base = country.replace(/[aeiouy]+$/, '');
    if (base.length < 3 || !key.startsWith(base)) continue;
    const suffix = key.slice(base.length);
    if (/^(n|an|ian|ean|ese|ish|i|ic|ite)$/.test(suffix)) return name;
  }
  return undefined;
}
