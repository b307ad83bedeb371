// The example packages under examples/, loaded through the checker, for renderer tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaixaPackage } from '../../index.js';
import type { Caixa } from '../../model.js';

export const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples');

export function loadExample(name: string): Caixa {
  const loaded = loadCaixaPackage(join(examplesDir, name));
  if (loaded.caixa === undefined) throw new Error(`examples/${name} does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return loaded.caixa;
}
