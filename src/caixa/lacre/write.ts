// lacre.lisp text: one `(deflacre …)` form, entries sorted by name, one entry per line, fixed key
// order and a trailing newline, so the same lock always gives the same bytes.
import type { Lacre } from './closure.js';

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function writeLacre(lacre: Lacre): string {
  const lines = [
    ';; lacre.lisp — written by `feira lock`; do not edit.',
    '(deflacre',
    `  :versao-lacre ${quote(lacre.versaoLacre)}`,
    `  :raiz ${quote(lacre.raiz)}`,
  ];
  if (lacre.entradas.length === 0) {
    lines.push('  :entradas ())');
  } else {
    lines.push('  :entradas (');
    lacre.entradas.forEach((entry, index) => {
      const deps = `(${entry.deps.map(quote).join(' ')})`;
      const close = index === lacre.entradas.length - 1 ? ')))' : ')';
      lines.push(
        `    (:nome ${quote(entry.nome)} :versao ${quote(entry.versao)} :fonte ${quote(entry.fonte)} :conteudo ${quote(entry.conteudo)} :fecho ${quote(entry.fecho)} :deps ${deps}${close}`,
      );
    });
  }
  return `${lines.join('\n')}\n`;
}
