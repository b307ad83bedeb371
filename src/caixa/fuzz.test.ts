// Random text into the reader, checker, linter and formatter: only positioned errors, never a crash.
import { describe, expect, it } from 'vitest';
import { parseCaixaSource } from './check/index.js';
import { formatSource } from './fmt/index.js';
import { fixSource, lintSource } from './lint/index.js';
import { CaixaSyntaxError, readForms } from './reader/index.js';

/** mulberry32: a small seeded generator, so every run feeds the same cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const valid = [
  `(defcaixa :nome "pedidos" :versao "1.2.0" :kind Servico :descricao "Orders"
  :servicos ("servicos/pedidos.lisp")
  :limits (:memory 64MiB :fuel 1000 :wall-clock 30s :cpu 500m) ; limits
  :behavior (:on-init "servicos/init.lisp")
  :upgrade-from ((:from "1.1.0" :instructions (load-module restart)))
  :deps ((:nome "base" :versao "^0.1" :fonte (:tipo git :repo "github:o/base" :tag "v0.1.0"))))`,
  `;; a supervisor
(defcaixa :nome sup :versao 0.1.0 :kind Supervisor :estrategia RestForOne :max-restarts 3 :restart-window 10s
  :children ((:caixa a :versao "^1" :restart Transient) (:caixa b :versao "*")))`,
  `(defcaixa :nome loja :versao 1.0.0 :kind Aplicacao
  :membros ((:caixa web :versao "^1") (:caixa api :versao "^1") (:caixa db :versao "^1"))
  :contratos ((:de web :para api :wit "wasi:http/incoming-handler" :endpoint "/x")
              (:de api :para db :wit "nats:orders" :subject "o") (:de api :para db :wit "kv:c" :slot "s"))
  :politicas (:timeout 5s :retries 2 :circuit-breaker (:max-failures 3 :window 1m) :mtls-required #t :rate-limit "10/s")
  :placement (:estrategia Sharded :clusters ("eu") :shard-key "tenant")
  :entrada (:host "shop.example.com" :para web :paths ("/") :port 8443))`,
];

const soup = [
  '(', ')', '(', ')', ' ', '\n', '"s"', '"a\\nb"', '"\\u{41}"', '"open', '\\', '"\\q"', ':nome', ':versao', ':kind', ':deps', ':membros',
  ':contratos', ':children', ':estrategia', ':', 'defcaixa', 'Servico', 'Aplicacao', 'Supervisor', 'SimpleOneForOne', 'Sharded', '0',
  '-5', '99999999999999999999', '1.2.3', '^0.1', '64MiB', '30s', '500m', '#t', '#f', '#x', '; c\n', ';', '\t', '\u0000', 'é', '😀',
  '(:caixa a :versao "^1")', '(:de a :para a :wit "http:x" :endpoint "/")', '(:tipo git :repo "r")',
];

/** A failed property, with the input that broke it (expect() per case would dominate the run time). */
function assert(ok: boolean, what: string, text: string): void {
  if (!ok) throw new Error(`${what} for input ${JSON.stringify(text)}`);
}

function check(text: string): void {
  let readable = true;
  try {
    readForms(text, 'caixa.lisp', { comments: true });
  } catch (error) {
    if (!(error instanceof CaixaSyntaxError)) throw error;
    readable = false;
    assert(error.line >= 1 && error.line <= text.split('\n').length && error.column >= 1, `syntax error outside the text (${error.message})`, text);
  }

  const parsed = parseCaixaSource(text, 'caixa.lisp');
  for (const d of parsed.diagnostics) assert(d.line >= 1 && d.column >= 1 && d.message !== '', 'unpositioned diagnostic', text);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error').length;
  assert(parsed.caixa === undefined ? errors > 0 : errors === 0, 'a caixa with errors, or no caixa and no error', text);

  for (const d of lintSource(text, 'caixa.lisp')) assert(d.line >= 1 && d.column >= 1, 'unpositioned lint finding', text);

  if (!readable) {
    expect(() => formatSource(text, 'caixa.lisp')).toThrow(CaixaSyntaxError);
    expect(() => fixSource(text, 'caixa.lisp')).toThrow(CaixaSyntaxError);
    return;
  }
  const formatted = formatSource(text, 'caixa.lisp');
  assert(formatSource(formatted, 'caixa.lisp') === formatted, 'fmt is not idempotent', text);
  // formatting changes positions, never meaning
  const again = parseCaixaSource(formatted, 'caixa.lisp');
  assert((again.caixa === undefined) === (parsed.caixa === undefined), 'fmt changed whether the file checks', text);
  assert(again.diagnostics.length === parsed.diagnostics.length, 'fmt changed the findings', text);
  readForms(fixSource(text, 'caixa.lisp'), 'caixa.lisp');
}

const cases = 2000;

describe('fuzz', () => {
  it('random code units', () => {
    const next = random(1);
    for (let i = 0; i < cases; i++) {
      const length = Math.floor(next() * 60);
      let text = '';
      for (let j = 0; j < length; j++) {
        const r = next();
        text += r < 0.5 ? String.fromCharCode(32 + Math.floor(next() * 95)) : r < 0.9 ? '():"; \n\\#'[Math.floor(next() * 10)] : String.fromCharCode(Math.floor(next() * 0x10000));
      }
      check(text);
    }
  });

  it('token soup', () => {
    const next = random(2);
    for (let i = 0; i < cases; i++) {
      const length = Math.floor(next() * 40);
      let text = next() < 0.5 ? '(defcaixa ' : '';
      for (let j = 0; j < length; j++) text += soup[Math.floor(next() * soup.length)] + (next() < 0.7 ? ' ' : '');
      check(text);
    }
  });

  it('mutations of valid files', () => {
    for (const file of valid) expect(parseCaixaSource(file, 'caixa.lisp').diagnostics).toEqual([]);
    const next = random(3);
    for (let i = 0; i < cases; i++) {
      let text = valid[i % valid.length];
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const a = Math.floor(next() * text.length);
        const b = Math.min(text.length, a + Math.floor(next() * 12));
        const kind = Math.floor(next() * 4);
        if (kind === 0) text = text.slice(0, a) + text.slice(b);
        else if (kind === 1) text = text.slice(0, b) + text.slice(a, b) + text.slice(b);
        else if (kind === 2) text = text.slice(0, a) + soup[Math.floor(next() * soup.length)] + text.slice(a);
        else text = text.slice(0, a) + String.fromCharCode(32 + Math.floor(next() * 95)) + text.slice(a + 1);
      }
      check(text);
    }
  });
});
