/** Compiles src/ into a fresh dist/ (see scripts/build.mjs). */
export function build(): Promise<void>;
