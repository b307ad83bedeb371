// The canonical layout. A list that holds no comment and fits in the line width prints on one line;
// otherwise `(def… ` forms put each entry on its own line indented by 2, and other lists align their
// entries under the first one. A keyword and its value share a line. Comments stay where they were
// relative to the forms around them: trailing (`; c` after a form) or on their own line (`;; c`).
// One blank line that separated two entries is kept. The layout depends only on the forms, so
// printing what was printed gives the same text (idempotent).
import type { CommentForm, Form, ListForm } from '../reader/forms.js';

export const lineWidth = 80;

function escapeString(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch.codePointAt(0)! < 0x20 || ch.codePointAt(0) === 0x7f) out += `\\u{${ch.codePointAt(0)!.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

export function printAtom(form: Exclude<Form, ListForm | CommentForm>): string {
  switch (form.type) {
    case 'string':
      return escapeString(form.value);
    case 'integer':
      return String(form.value);
    case 'symbol':
      return form.name;
    case 'keyword':
      return `:${form.name}`;
    case 'boolean':
      return form.value ? '#t' : '#f';
  }
}

/** The one-line text of a form, or undefined when it holds a comment. */
function flat(form: Form): string | undefined {
  if (form.type === 'comment') return undefined;
  if (form.type !== 'list') return printAtom(form);
  const parts: string[] = [];
  for (const item of form.items) {
    const text = flat(item);
    if (text === undefined) return undefined;
    parts.push(text);
  }
  return `(${parts.join(' ')})`;
}

const width = (text: string) => [...text].length;

function comment(form: CommentForm): string {
  const marker = form.trailing ? ';' : ';;';
  return form.text === '' ? marker : `${marker} ${form.text}`;
}

type Entry = { kind: 'comment'; form: CommentForm } | { kind: 'form'; forms: Form[] };

/** Groups items into entries: a comment, a keyword with its value, or a single form. */
function entries(items: readonly Form[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.type === 'comment') {
      out.push({ kind: 'comment', form: item });
      continue;
    }
    const next = items[i + 1];
    if (item.type === 'keyword' && next !== undefined && next.type !== 'comment' && next.type !== 'keyword') {
      out.push({ kind: 'form', forms: [item, next] });
      i += 1;
    } else {
      out.push({ kind: 'form', forms: [item] });
    }
  }
  return out;
}

function isDefinition(form: ListForm): boolean {
  const head = form.items[0];
  return head?.type === 'symbol' && head.name.startsWith('def');
}

/** Prints `form` starting at 0-based `column`; continuation lines carry their own indentation. */
export function printForm(form: Form, column: number, forceBreak = false): string {
  if (form.type === 'comment') return comment(form);
  if (form.type !== 'list') return printAtom(form);
  const oneLine = flat(form);
  if (oneLine !== undefined && !forceBreak && column + width(oneLine) <= lineWidth) return oneLine;

  const definition = isDefinition(form);
  const head = definition ? printAtom(form.items[0] as Exclude<Form, ListForm | CommentForm>) : '';
  const indent = column + (definition ? 2 : 1);
  let out = `(${head}`;
  let startOfList = !definition; // nothing printed after `(` yet
  const list = entries(definition ? form.items.slice(1) : form.items);
  list.forEach((entry, index) => {
    if (entry.kind === 'comment' && entry.form.trailing) {
      out += `${startOfList ? '' : ' '}${comment(entry.form)}`;
      startOfList = false;
      return;
    }
    const first = entry.kind === 'comment' ? entry.form : entry.forms[0];
    const sameLine = startOfList && entry.kind === 'form';
    if (!sameLine) out += `${index > 0 && first.blankBefore ? '\n' : ''}\n${' '.repeat(indent)}`;
    startOfList = false;
    if (entry.kind === 'comment') {
      out += comment(entry.form);
      return;
    }
    const [key, value] = entry.forms;
    const keyText = printForm(key, indent);
    out += keyText;
    if (value !== undefined) out += ` ${printForm(value, indent + width(keyText) + 1)}`;
  });
  const last = list[list.length - 1];
  if (last?.kind === 'comment') out += `\n${' '.repeat(indent)}`;
  return `${out})`;
}

/** Prints a whole file: top-level forms separated by a blank line, comments kept, one final newline. */
export function printFile(forms: readonly Form[]): string {
  let out = '';
  let previous: Form | undefined;
  for (const form of forms) {
    if (previous === undefined) {
      // first line of the file
    } else if (form.type === 'comment' && form.trailing) {
      out += ' ';
    } else {
      const blank = form.blankBefore || (form.type !== 'comment' && previous.type !== 'comment');
      out += blank ? '\n\n' : '\n';
    }
    out += printForm(form, 0, form.type === 'list' && isDefinition(form));
    previous = form;
  }
  return out === '' ? '' : `${out}\n`;
}
