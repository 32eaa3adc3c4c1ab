import { build } from '../../scripts/build.mjs';

/**
 * Vitest global setup: tests import the sources, and every process they spawn (`bin/sitrep.js`)
 * runs dist/, so build it first from the sources under test (docs/adr/0021-build.md).
 */
export default async function buildDist(): Promise<void> {
  await build();
}
