// Reading a lacre.lisp back, to say what changed when `feira lock --check` finds it stale.
import { readForms } from '../reader/read.js';
import type { Form, ListForm } from '../reader/forms.js';

export interface ReadLacre {
  raiz?: string;
  /** Closure hash by entry name. */
  fechos: Map<string, string>;
}

const text = (form: Form | undefined) => (form?.type === 'string' ? form.value : form?.type === 'symbol' ? form.name : undefined);

function pairs(items: readonly Form[]): Map<string, Form> {
  const out = new Map<string, Form>();
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = items[i];
    if (key.type === 'keyword') out.set(key.name, items[i + 1]);
  }
  return out;
}

/** Throws a CaixaSyntaxError on unreadable text; ignores what it does not recognise. */
export function readLacre(source: string, file: string): ReadLacre {
  const form = readForms(source, file).find((f): f is ListForm => f.type === 'list' && text(f.items[0]) === 'deflacre');
  const fechos = new Map<string, string>();
  if (form === undefined) return { fechos };
  const top = pairs(form.items.slice(1));
  const entradas = top.get('entradas');
  for (const entry of entradas?.type === 'list' ? entradas.items : []) {
    if (entry.type !== 'list') continue;
    const fields = pairs(entry.items);
    const nome = text(fields.get('nome'));
    const fecho = text(fields.get('fecho'));
    if (nome !== undefined && fecho !== undefined) fechos.set(nome, fecho);
  }
  return { raiz: text(top.get('raiz')), fechos };
}
