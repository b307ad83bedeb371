import { describe, expect, it } from 'vitest';
import { CaixaSyntaxError, readForms, type Form } from '../reader/index.js';
import { formatSource } from './index.js';

const src = (...lines: string[]) => `${lines.join('\n')}\n`;

const samples = [
  src(
    ';;; caixa of the shop',
    '(defcaixa :nome "loja" ; the name',
    '  :versao "1.0.0" :kind Aplicacao',
    '',
    '',
    '  ;; members',
    '  :membros ((:caixa a :versao "^1") ; first',
    '            (:caixa b :versao "^1"))',
    '  :contratos ( ; sync ones',
    '   (:de a :para b :wit "http:x" :endpoint "/x"))',
    '  :politicas (:timeout 5s',
    '  ; inside',
    '  )',
    '  :descricao "line\\nbreak \\"q\\" \\u{7}") ; end',
  ),
  src('(defcaixa :nome a :versao 1.0.0 :kind Servico :deps ((:nome "base" :versao "^0.1" :fonte (:tipo git :repo "github:o/base" :tag "v0.1.0") :caracteristicas ("a" "b" "c"))))'),
  src('(defcaixa', '  :nome', '  ; between key and value', '  "x" :odd)', '(other 1 2) ; trailing', '(third)'),
  src('(a (b (c (d (e (f (g (h "a very long string that does not fit on the line at all, no, not at all"))))))))'),
  '(defcaixa :nome a)',
  '',
  '; only\n;; comments\n',
];

function comments(forms: readonly Form[]): string[] {
  return forms.flatMap((f) => (f.type === 'comment' ? [f.text] : f.type === 'list' ? comments(f.items) : []));
}

function strip(form: Form): unknown {
  if (form.type === 'comment') return undefined;
  if (form.type === 'list') return { type: 'list', items: form.items.map(strip).filter((x) => x !== undefined) };
  const { line: _l, column: _c, offset: _o, end: _e, blankBefore: _b, ...value } = form;
  return value;
}

describe('formatSource', () => {
  it('prints the canonical layout', () => {
    expect(formatSource(samples[0], 'caixa.lisp')).toBe(
      src(
        ';; caixa of the shop',
        '(defcaixa',
        '  :nome "loja" ; the name',
        '  :versao "1.0.0"',
        '  :kind Aplicacao',
        '',
        '  ;; members',
        '  :membros ((:caixa a :versao "^1") ; first',
        '            (:caixa b :versao "^1"))',
        '  :contratos (; sync ones',
        '              (:de a :para b :wit "http:x" :endpoint "/x"))',
        '  :politicas (:timeout 5s',
        '              ;; inside',
        '              )',
        '  :descricao "line\\nbreak \\"q\\" \\u{7}") ; end',
      ),
    );
    expect(formatSource(samples[1], 'caixa.lisp')).toBe(
      src(
        '(defcaixa',
        '  :nome a',
        '  :versao 1.0.0',
        '  :kind Servico',
        '  :deps ((:nome "base"',
        '          :versao "^0.1"',
        '          :fonte (:tipo git :repo "github:o/base" :tag "v0.1.0")',
        '          :caracteristicas ("a" "b" "c"))))',
      ),
    );
    expect(formatSource(samples[2], 'caixa.lisp')).toBe(
      src('(defcaixa', '  :nome', '  ;; between key and value', '  "x"', '  :odd)', '', '(other 1 2) ; trailing', '(third)'),
    );
    expect(formatSource('', 'caixa.lisp')).toBe('');
    expect(formatSource('  +7 "\\t" #t', 'caixa.lisp')).toBe('7\n\n"\\t"\n\n#t\n');
  });

  it('is idempotent', () => {
    for (const sample of samples) {
      const once = formatSource(sample, 'caixa.lisp');
      expect(formatSource(once, 'caixa.lisp')).toBe(once);
    }
  });

  it('keeps every comment and every value', () => {
    for (const sample of samples) {
      const before = readForms(sample, 'f', { comments: true });
      const after = readForms(formatSource(sample, 'f'), 'f', { comments: true });
      expect(comments(after)).toEqual(comments(before));
      expect(after.map(strip)).toEqual(before.map(strip));
    }
  });

  it('throws a positioned syntax error on unreadable input', () => {
    expect(() => formatSource('(defcaixa :nome "a', 'caixa.lisp')).toThrow(CaixaSyntaxError);
    expect(() => formatSource('(defcaixa :nome "a', 'caixa.lisp')).toThrow('caixa.lisp:1:17: unterminated string');
  });
});
