// lacre: the content-addressed lock of a caixa package's dependencies (`lacre.lisp`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Caixa } from '../model.js';
import { sealEntries, type Lacre } from './closure.js';
import { resolveDependencies, type ResolveOptions } from './resolve.js';
import { writeLacre } from './write.js';

export { hashFields, frame, type Field } from './hash.js';
export { hashTree } from './tree-hash.js';
export { GitCache, gitUrl, LacreError } from './git.js';
export { resolveDependencies, type CaixaParser, type ResolveOptions, type ResolvedEntry } from './resolve.js';
export { LACRE_VERSION, sealEntries, type Lacre, type LockedEntry } from './closure.js';
export { writeLacre } from './write.js';

export const LACRE_FILE = 'lacre.lisp';

/** Resolves and seals the package's dependencies; `text` is the lacre.lisp to write. */
export async function lockPackage(dir: string, caixa: Caixa, options: ResolveOptions): Promise<{ lacre: Lacre; text: string }> {
  const lacre = sealEntries(await resolveDependencies(caixa, dir, options));
  return { lacre, text: writeLacre(lacre) };
}

export type LockStatus = { status: 'fresh' } | { status: 'missing' } | { status: 'stale' };

/** Compares the lacre.lisp on disk with the one the current inputs give, byte for byte. */
export function lockStatus(dir: string, expected: string): LockStatus {
  const file = join(dir, LACRE_FILE);
  if (!existsSync(file)) return { status: 'missing' };
  return readFileSync(file, 'utf8') === expected ? { status: 'fresh' } : { status: 'stale' };
}
