// Copies the non-TypeScript files the built code reads at run time into dist/ (tsc only emits .js):
// the generated schema catalog (src/api/generated/catalog.json).
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const assets = ['api/generated/catalog.json'];

for (const asset of assets) {
  const target = join(root, 'dist', asset);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, 'src', asset), target);
}
