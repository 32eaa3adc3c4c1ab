// npm links the bins of dependencies but not the project's own, so `npx sitrep` would not be
// found in a fresh checkout. `prepare` runs after `npm install` and `npm ci`: link it here.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'sitrep');
mkdirSync(binDir, { recursive: true });
rmSync(link, { force: true });
symlinkSync(path.relative(binDir, path.join(root, 'bin', 'sitrep.js')), link);
chmodSync(path.join(root, 'bin', 'sitrep.js'), 0o755);
