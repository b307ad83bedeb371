import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.js';
import { parseCaixaSource } from './index.js';

const src = (...lines: string[]) => lines.join('\n');
const errors = (text: string) => parseCaixaSource(text, 'caixa.lisp').diagnostics.map(formatDiagnostic);

describe('parseCaixaSource: a valid Servico', () => {
  it('produces the whole model with positions', () => {
    const text = src(
      '(defcaixa',
      '  :nome "pedidos"',
      '  :versao "1.2.0"',
      '  :kind Servico',
      '  :descricao "Order service"',
      '  :edicao "2025"',
      '  :repositorio "https://example.com/pedidos"',
      '  :licenca "Apache-2.0"',
      '  :autores ("Ana <ana@example.com>")',
      '  :etiquetas (orders "shop")',
      '  :servicos ("servicos/pedidos.lisp")',
      '  :limits (:memory 64MiB :fuel 1000000 :wall-clock 1m30s :cpu 500m)',
      '  :behavior (:on-init "servicos/init.lisp" :on-state-change "servicos/state.lisp")',
      '  :upgrade-from ((:from "1.1.0" :instructions (load-module state-change soft-purge)))',
      '  :deps ((:nome "base" :versao "^0.1" :fonte (:tipo git :repo "github:o/base" :tag "v0.1.0"))',
      '         (:nome "util" :versao "~1.2" :fonte (:tipo path :caminho "../util") :opcional #t :caracteristicas ("fast")))',
      '  :deps-dev ((:nome "teste" :versao "*")))',
    );
    const at = (line: number, column: number) => ({ file: 'caixa.lisp', line, column });
    const { caixa, diagnostics } = parseCaixaSource(text, 'caixa.lisp');
    expect(diagnostics).toEqual([]);
    expect(caixa).toEqual({
      nome: 'pedidos',
      versao: '1.2.0',
      kind: 'Servico',
      descricao: 'Order service',
      edicao: '2025',
      repositorio: 'https://example.com/pedidos',
      licenca: 'Apache-2.0',
      autores: ['Ana <ana@example.com>'],
      etiquetas: ['orders', 'shop'],
      exe: [],
      bibliotecas: [],
      servicos: ['servicos/pedidos.lisp'],
      limits: { memoryBytes: 64 * 1024 * 1024, fuel: 1000000, wallClockMs: 90_000, cpuMillis: 500, raw: { memory: '64MiB', fuel: 1000000, wallClock: '1m30s', cpu: '500m' } },
      behavior: { onInit: 'servicos/init.lisp', onStateChange: 'servicos/state.lisp' },
      upgradeFrom: [{ from: '1.1.0', instructions: ['load-module', 'state-change', 'soft-purge'], at: at(14, 18) }],
      deps: [
        { nome: 'base', versao: '^0.1', fonte: { tipo: 'git', repo: 'github:o/base', tag: 'v0.1.0', at: at(15, 46) }, opcional: false, caracteristicas: [], at: at(15, 10) },
        { nome: 'util', versao: '~1.2', fonte: { tipo: 'path', caminho: '../util', at: at(16, 46) }, opcional: true, caracteristicas: ['fast'], at: at(16, 10) },
      ],
      depsDev: [{ nome: 'teste', versao: '*', opcional: false, caracteristicas: [], at: at(17, 14) }],
      at: at(1, 1),
      positions: {
        nome: at(2, 3), versao: at(3, 3), kind: at(4, 3), descricao: at(5, 3), edicao: at(6, 3), repositorio: at(7, 3), licenca: at(8, 3),
        autores: at(9, 3), etiquetas: at(10, 3), servicos: at(11, 3), limits: at(12, 3), behavior: at(13, 3), upgradeFrom: at(14, 3),
        deps: at(15, 3), depsDev: at(17, 3),
      },
    });
  });

  it('accepts sizes, durations and cpu in their other spellings', () => {
    const { caixa } = parseCaixaSource('(defcaixa :nome a :versao 0.1.0 :kind Binario :limits (:memory "1Gi" :wall-clock "500ms" :cpu "2"))', 'c');
    expect(caixa?.limits).toEqual({ memoryBytes: 1024 ** 3, wallClockMs: 500, cpuMillis: 2000, raw: { memory: '1Gi', wallClock: '500ms', cpu: '2' } });
    const { caixa: other } = parseCaixaSource('(defcaixa :nome a :versao 0.1.0 :kind Binario :limits (:memory 4096 :wall-clock 1h :cpu 0.25))', 'c');
    expect(other?.limits).toEqual({ memoryBytes: 4096, wallClockMs: 3_600_000, cpuMillis: 250, raw: { memory: '4096', wallClock: '1h', cpu: '0.25' } });
  });
});

describe('parseCaixaSource: the file and its pairs', () => {
  it('an unknown keyword suggests the nearest one', () => {
    expect(errors(src('(defcaixa', '  :nome "a"', '  :versa "1.0.0"', '  :kind Servico)'))).toEqual([
      'caixa.lisp:1:1: (defcaixa …) is missing required :versao',
      'caixa.lisp:3:3: unknown keyword :versa (did you mean :versao?)',
    ]);
    expect(errors('(defcaixa :nome a :versao 1.0.0 :kind Servico :zzzzzz 1)')).toEqual(['caixa.lisp:1:47: unknown keyword :zzzzzz']);
    expect(errors('(defcaixa :nome a :versao 1.0.0 :kind Servico :maxRestarts 1)')).toEqual([
      'caixa.lisp:1:47: unknown keyword :maxRestarts (did you mean :max-restarts?)',
    ]);
  });

  it('an odd pair count names the keyword without a value', () => {
    expect(errors(src('(defcaixa', '  :nome "a"', '  :versao "1.0.0"', '  :kind Servico', '  :descricao)'))).toEqual([
      'caixa.lisp:5:3: keyword :descricao has no value (keyword/value pairs must be complete)',
    ]);
    expect(errors(src('(defcaixa', '  :nome', '  :versao "1.0.0"', '  :kind Servico)'))).toEqual([
      'caixa.lisp:1:1: (defcaixa …) is missing required :nome',
      'caixa.lisp:2:3: keyword :nome has no value (keyword/value pairs must be complete)',
    ]);
    expect(errors(src('(defcaixa', '  :nome "a" "b"', '  :versao "1.0.0" :kind Servico)'))).toEqual([
      'caixa.lisp:2:13: expected a keyword, got the string "b" (keyword/value pairs must be complete)',
    ]);
  });

  it('a keyword given twice is an error at the second', () => {
    expect(errors(src('(defcaixa :nome a :versao 1.0.0 :kind Servico', '  :nome b)'))).toEqual([
      'caixa.lisp:2:3: duplicate keyword :nome (first written at 1:11)',
    ]);
  });

  it('required fields, kebab-case name, semver and kind', () => {
    expect(errors('(defcaixa)')).toEqual([
      'caixa.lisp:1:1: (defcaixa …) is missing required :nome',
      'caixa.lisp:1:1: (defcaixa …) is missing required :versao',
      'caixa.lisp:1:1: (defcaixa …) is missing required :kind',
    ]);
    expect(errors(src('(defcaixa', '  :nome "MyPkg"', '  :versao "1.0"', '  :kind Servicos)'))).toEqual([
      'caixa.lisp:2:9: :nome must be kebab-case (lowercase words joined by -), got "MyPkg"',
      'caixa.lisp:3:11: :versao must be a semver version such as 1.2.3, got "1.0"',
      'caixa.lisp:4:9: :kind must be one of Biblioteca, Binario, Servico, Supervisor, Aplicacao, got Servicos (did you mean Servico?)',
    ]);
    expect(errors('(defcaixa :nome a :versao v1.0.0 :kind 3)')).toEqual([
      'caixa.lisp:1:27: :versao must be a semver version such as 1.2.3, got "v1.0.0"',
      'caixa.lisp:1:40: :kind must be one of Biblioteca, Binario, Servico, Supervisor, Aplicacao, got the integer 3',
    ]);
  });

  it('value types', () => {
    expect(errors(src('(defcaixa :nome a :versao 1.0.0 :kind Servico', '  :descricao 12', '  :autores "ana"', '  :etiquetas (a 2)', '  :licenca "")'))).toEqual([
      'caixa.lisp:2:14: :descricao must be a string, got the integer 12',
      'caixa.lisp:3:12: :autores must be a list, got the string "ana"',
      'caixa.lisp:4:17: :etiquetas must hold strings, got the integer 2',
      'caixa.lisp:5:12: :licenca must not be empty',
    ]);
  });

  it('the file holds exactly one defcaixa form', () => {
    expect(errors('')).toEqual(['caixa.lisp:1:1: expected a (defcaixa …) form, the file is empty']);
    expect(errors('; only a comment\n')).toEqual(['caixa.lisp:1:1: expected a (defcaixa …) form, the file is empty']);
    expect(errors('(defpacote :nome a)')).toEqual(['caixa.lisp:1:1: expected (defcaixa …), got a list starting with the symbol defpacote']);
    expect(errors('\n  "x"')).toEqual(['caixa.lisp:2:3: expected (defcaixa …), got the string "x"']);
    expect(errors('(defcaixa :nome a :versao 1.0.0 :kind Servico)\n(defcaixa)')).toEqual([
      'caixa.lisp:2:1: only one (defcaixa …) form is allowed in a file',
    ]);
    expect(errors('(defcaixa :nome "a)')).toEqual(['caixa.lisp:1:17: unterminated string']);
    expect(parseCaixaSource('(defcaixa :nome "a)', 'caixa.lisp').diagnostics[0]).toMatchObject({ severity: 'error', rule: 'syntax' });
  });
});

describe('parseCaixaSource: limits, behavior, upgrades', () => {
  it('reports bad sizes, durations, cpu and fuel', () => {
    expect(errors(src('(defcaixa :nome a :versao 1.0.0 :kind Servico', '  :limits (:memory 64mb :fuel 0 :wall-clock 30 :cpu 1.5x :disk 1))'))).toEqual([
      'caixa.lisp:2:20: :memory must be a size such as 64MiB, 512KiB or 1GiB, got "64mb"',
      'caixa.lisp:2:31: :fuel must be greater than 0, got 0',
      'caixa.lisp:2:45: :wall-clock must be a duration such as 30s, 500ms or 1m30s, got "30"',
      'caixa.lisp:2:53: :cpu must be cpu as cores such as 2 or 0.5, or millicores such as 500m, got "1.5x"',
      'caixa.lisp:2:58: unknown keyword :disk',
    ]);
    expect(errors('(defcaixa :nome a :versao 1.0.0 :kind Servico :limits 5)')).toEqual([
      'caixa.lisp:1:55: :limits must be a list of keyword/value pairs, got the integer 5',
    ]);
  });

  it('reports unknown hooks and upgrade instructions', () => {
    expect(errors(src('(defcaixa :nome a :versao 1.0.0 :kind Servico', '  :behavior (:on-cal "x.lisp"))'))).toEqual([
      'caixa.lisp:2:14: unknown keyword :on-cal (did you mean :on-call?)',
    ]);
    expect(errors(src('(defcaixa :nome a :versao 1.0.0 :kind Servico', '  :upgrade-from ((:from "1.0" :instructions (purg 3))', '                 (:instructions ())))'))).toEqual([
      'caixa.lisp:2:25: :from must be a semver version such as 1.2.3, got "1.0"',
      'caixa.lisp:2:46: unknown upgrade instruction purg (did you mean purge?) (one of load-module, state-change, soft-purge, purge, restart)',
      'caixa.lisp:2:51: :instructions must hold instruction names, got the integer 3',
      'caixa.lisp:3:18: an :upgrade-from step is missing required :from',
      'caixa.lisp:3:33: :instructions must list at least one instruction',
    ]);
  });
});

describe('parseCaixaSource: dependencies', () => {
  it('checks fields, ranges, sources and duplicates', () => {
    expect(
      errors(
        src(
          '(defcaixa :nome a :versao 1.0.0 :kind Servico',
          '  :deps ((:nome "b")',
          '         (:nome "c" :versao "^banana")',
          '         (:nome "d" :versao "^1" :fonte (:tipo git :repo "github:o/d" :caminho "x" :tag "v1" :rev "abc"))',
          '         (:nome "e" :versao "*" :fonte (:tipo path :repo "x"))',
          '         (:nome "f" :versao "*" :fonte (:tipo svn))',
          '         (:nome "f" :versao "*" :opcional "sim")))',
        ),
      ),
    ).toEqual([
      'caixa.lisp:2:10: a dependency is missing required :versao',
      'caixa.lisp:3:29: :versao must be a semver range such as ^0.1, ~1.2, 1.2.3 or *, got "^banana"',
      'caixa.lisp:4:71: :caminho does not apply to :tipo git (use :repo)',
      'caixa.lisp:4:94: a git :fonte is pinned by only one of :tag, :rev or :branch (found :tag, :rev)',
      'caixa.lisp:5:40: a path :fonte is missing required :caminho',
      'caixa.lisp:5:52: :repo does not apply to :tipo path (use :caminho)',
      'caixa.lisp:6:47: :tipo must be one of git, path, got svn',
      'caixa.lisp:7:17: dependency f is declared twice in :deps (first at 6:10)',
      'caixa.lisp:7:43: :opcional must be #t or #f, got the string "sim"',
    ]);
  });
});
