// lacre: the content-addressed lock of a caixa package's dependencies (`lacre.lisp`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Caixa } from '../model.js';
import { sealEntries, type Lacre } from './closure.js';
import { resolveDependencies, type ResolveOptions } from './resolve.js';
import { readLacre, type ReadLacre } from './read.js';
import { writeLacre } from './write.js';

export { hashFields, frame, type Field } from './hash.js';
export { hashTree } from './tree-hash.js';
export { GitCache, gitUrl, LacreError } from './git.js';
export { resolveDependencies, type CaixaParser, type ResolveOptions, type ResolvedEntry } from './resolve.js';
export { LACRE_VERSION, sealEntries, type Lacre, type LockedEntry } from './closure.js';
export { writeLacre } from './write.js';
export { readLacre, type ReadLacre } from './read.js';

export const LACRE_FILE = 'lacre.lisp';

/** Resolves and seals the package's dependencies; `text` is the lacre.lisp to write. */
export async function lockPackage(dir: string, caixa: Caixa, options: ResolveOptions): Promise<{ lacre: Lacre; text: string }> {
  const lacre = sealEntries(await resolveDependencies(caixa, dir, options));
  return { lacre, text: writeLacre(lacre) };
}

/** When stale, `changes` names the entries added, removed or changed (`["b changed", "d added"]`). */
export type LockStatus = { status: 'fresh' } | { status: 'missing' } | { status: 'stale'; changes: string[] };

/** Compares the lacre.lisp on disk with the one the current inputs give (`expected`), byte for byte. */
export function lockStatus(dir: string, expected: Lacre): LockStatus {
  const file = join(dir, LACRE_FILE);
  if (!existsSync(file)) return { status: 'missing' };
  const current = readFileSync(file, 'utf8');
  if (current === writeLacre(expected)) return { status: 'fresh' };
  let old: ReadLacre;
  try {
    old = readLacre(current, LACRE_FILE);
  } catch {
    return { status: 'stale', changes: [`${LACRE_FILE} does not read`] };
  }
  const changes: string[] = [];
  const names = [...new Set([...old.fechos.keys(), ...expected.entradas.map((entry) => entry.nome)])].sort();
  for (const nome of names) {
    const before = old.fechos.get(nome);
    const after = expected.entradas.find((entry) => entry.nome === nome)?.fecho;
    if (before === undefined) changes.push(`${nome} added`);
    else if (after === undefined) changes.push(`${nome} removed`);
    else if (before !== after) changes.push(`${nome} changed`);
  }
  return { status: 'stale', changes };
}
