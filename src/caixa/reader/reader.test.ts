import { describe, expect, it } from 'vitest';
import { CaixaSyntaxError, readForms, type Form } from './index.js';

function failure(text: string): string {
  try {
    readForms(text, 'caixa.lisp');
  } catch (error) {
    expect(error).toBeInstanceOf(CaixaSyntaxError);
    return (error as Error).message;
  }
  throw new Error('expected a syntax error');
}

/** Forms without offsets, to compare shapes and positions. */
function shape(form: Form): unknown {
  const { offset: _o, end: _e, ...rest } = form;
  return form.type === 'list' ? { ...rest, items: form.items.map(shape) } : rest;
}

describe('reader', () => {
  it('reads every kind of value with its line and column', () => {
    const forms = readForms('(defcaixa :nome "a b"\n  :n -12 :ok #t :no #f sym 1.2.3)', 'caixa.lisp');
    expect(forms.map(shape)).toEqual([
      {
        type: 'list', line: 1, column: 1,
        items: [
          { type: 'symbol', name: 'defcaixa', line: 1, column: 2 },
          { type: 'keyword', name: 'nome', line: 1, column: 11 },
          { type: 'string', value: 'a b', line: 1, column: 17 },
          { type: 'keyword', name: 'n', line: 2, column: 3 },
          { type: 'integer', value: -12, line: 2, column: 6 },
          { type: 'keyword', name: 'ok', line: 2, column: 10 },
          { type: 'boolean', value: true, line: 2, column: 14 },
          { type: 'keyword', name: 'no', line: 2, column: 17 },
          { type: 'boolean', value: false, line: 2, column: 21 },
          { type: 'symbol', name: 'sym', line: 2, column: 24 },
          { type: 'symbol', name: '1.2.3', line: 2, column: 28 },
        ],
      },
    ]);
  });

  it('decodes string escapes and keeps raw newlines', () => {
    const [form] = readForms('"a\\"b\\\\c\\nd\\te\\rf\\0g\\u{1F600}h\nnext"', 'f');
    expect(form).toMatchObject({ type: 'string', value: 'a"b\\c\nd\te\rf\0g\u{1F600}h\nnext' });
  });

  it('counts columns in code points and treats CRLF as one line break', () => {
    const forms = readForms('"ção😀" x\r\n  y', 'f');
    expect(forms.map((f) => [f.line, f.column])).toEqual([[1, 1], [1, 8], [2, 3]]);
  });

  it('keeps offsets that slice back to the source text', () => {
    const text = '(a "b\\n" :c)';
    const [list] = readForms(text, 'f');
    expect(list.type === 'list' && list.items.map((i) => text.slice(i.offset, i.end))).toEqual(['a', '"b\\n"', ':c']);
    expect(text.slice(list.offset, list.end)).toBe(text);
  });

  it('drops comments unless asked, and then marks trailing ones and blank lines', () => {
    const text = ';; top\n(a ; after a\n\n  ;; own line\n  b)';
    expect(readForms(text, 'f').map(shape)).toEqual([
      { type: 'list', line: 2, column: 1, items: [{ type: 'symbol', name: 'a', line: 2, column: 2 }, { type: 'symbol', name: 'b', line: 5, column: 3 }] },
    ]);
    expect(readForms(text, 'f', { comments: true }).map(shape)).toEqual([
      { type: 'comment', text: 'top', trailing: false, line: 1, column: 1 },
      {
        type: 'list', line: 2, column: 1,
        items: [
          { type: 'symbol', name: 'a', line: 2, column: 2 },
          { type: 'comment', text: 'after a', trailing: true, line: 2, column: 4 },
          { type: 'comment', text: 'own line', trailing: false, line: 4, column: 3, blankBefore: true },
          { type: 'symbol', name: 'b', line: 5, column: 3 },
        ],
      },
    ]);
  });

  it('reports unreadable input with its position', () => {
    expect(failure('(a "open')).toBe('caixa.lisp:1:4: unterminated string');
    expect(failure('(a\n  (b c)')).toBe('caixa.lisp:1:1: unclosed list: this ( has no matching )');
    expect(failure('(a))')).toBe('caixa.lisp:1:4: unexpected ) with no open list');
    expect(failure('"a\\qb"')).toBe('caixa.lisp:1:3: unknown escape \\q');
    expect(failure('"\\u{110000}"')).toBe('caixa.lisp:1:2: bad escape \\u: expected \\u{hex} with 1 to 6 hex digits up to 10FFFF');
    expect(failure('"\\u{d800}"')).toBe('caixa.lisp:1:2: bad escape \\u{d800}: a surrogate is not a character');
    expect(failure('"\\u41"')).toBe('caixa.lisp:1:2: bad escape \\u: expected \\u{hex}');
    expect(failure('(a #true)')).toBe('caixa.lisp:1:4: unknown syntax #true: only #t and #f are allowed');
    expect(failure('(a : b)')).toBe('caixa.lisp:1:4: empty keyword: expected a name after :');
    expect(failure('(a\n 99999999999999999999)')).toBe('caixa.lisp:2:2: integer 99999999999999999999 is out of range (at most 9007199254740991 in size)');
    expect(failure('(a \u0001)')).toBe('caixa.lisp:1:4: unexpected character U+0001');
    expect(failure('(ab\u0007c)')).toBe('caixa.lisp:1:4: unexpected character U+0007');
  });

  it('reads an empty or comment-only text as no forms', () => {
    expect(readForms('', 'f')).toEqual([]);
    expect(readForms('  ; nothing\n', 'f')).toEqual([]);
  });
});
