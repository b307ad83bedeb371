// Closure hashes and the lock's root. An entry's closure covers itself (name, version, source,
// content) and then its children's closures, sorted; the root covers every entry, sorted by name.
import { hashFields, type Field } from './hash.js';
import { LacreError } from './git.js';
import type { ResolvedEntry } from './resolve.js';

export const LACRE_VERSION = '0.1.0';

export interface LockedEntry extends ResolvedEntry {
  fecho: string;
}

export interface Lacre {
  versaoLacre: string;
  raiz: string;
  /** Sorted by name. */
  entradas: LockedEntry[];
}

const byName = (a: { nome: string }, b: { nome: string }) => (a.nome < b.nome ? -1 : a.nome > b.nome ? 1 : 0);

export function sealEntries(resolved: readonly ResolvedEntry[]): Lacre {
  const byNome = new Map(resolved.map((entry) => [entry.nome, entry]));
  const closures = new Map<string, string>();
  const closureOf = (nome: string, path: string[]): string => {
    const known = closures.get(nome);
    if (known !== undefined) return known;
    if (path.includes(nome)) throw new LacreError(`dependency cycle: ${[...path.slice(path.indexOf(nome)), nome].join(' -> ')}`);
    const entry = byNome.get(nome);
    if (entry === undefined) throw new LacreError(`dependency "${nome}" was not resolved`);
    const children = entry.deps.map((child) => closureOf(child, [...path, nome])).sort();
    const fields: Field[] = [
      ['nome', entry.nome],
      ['versao', entry.versao],
      ['fonte', entry.fonte],
      ['conteudo', entry.conteudo],
      ...children.map((closure): Field => ['filho', closure]),
    ];
    const closure = hashFields(fields);
    closures.set(nome, closure);
    return closure;
  };
  const entradas = [...resolved].sort(byName).map((entry) => ({ ...entry, fecho: closureOf(entry.nome, []) }));
  const raiz = hashFields([
    ['versao-lacre', LACRE_VERSION],
    ...entradas.flatMap((entry): Field[] => [
      ['nome', entry.nome],
      ['fecho', entry.fecho],
    ]),
  ]);
  return { versaoLacre: LACRE_VERSION, raiz, entradas };
}
