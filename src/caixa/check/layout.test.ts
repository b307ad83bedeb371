import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.js';
import { loadCaixaPackage } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package folder holding `files` (path → content); caixa.lisp comes from `caixa`. */
function pkg(caixa: string | undefined, files: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'caixa-layout-'));
  dirs.push(dir);
  if (caixa !== undefined) writeFileSync(join(dir, 'caixa.lisp'), caixa);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), '; code\n');
  }
  return dir;
}

function layoutErrors(dir: string): string[] {
  return loadCaixaPackage(dir).diagnostics.map((d) => formatDiagnostic(d).replace(dir, '<pkg>'));
}

describe('package layout', () => {
  it('a package without caixa.lisp', () => {
    const dir = pkg(undefined);
    expect(loadCaixaPackage(dir)).toEqual({
      diagnostics: [{ file: join(dir, 'caixa.lisp'), line: 1, column: 1, severity: 'error', rule: 'layout', message: `caixa.lisp not found in ${dir}` }],
    });
  });

  it('loads a well-formed package of each kind', () => {
    const ok = [
      pkg('(defcaixa :nome util :versao 1.0.0 :kind Biblioteca)', ['lib/util.lisp']),
      pkg('(defcaixa :nome util :versao 1.0.0 :kind Biblioteca :bibliotecas ("src/a.lisp"))', ['src/a.lisp']),
      pkg('(defcaixa :nome cli :versao 1.0.0 :kind Binario :exe ("exe/main.lisp"))', ['exe/main.lisp']),
      pkg('(defcaixa :nome api :versao 1.0.0 :kind Servico :servicos ("servicos/api.lisp") :behavior (:on-init "servicos/init.lisp"))', [
        'servicos/api.lisp',
        'servicos/init.lisp',
      ]),
      pkg('(defcaixa :nome sup :versao 1.0.0 :kind Supervisor :children ((:caixa api :versao "^1")))'),
      pkg('(defcaixa :nome app :versao 1.0.0 :kind Aplicacao :membros ((:caixa api :versao "^1")))'),
    ];
    for (const dir of ok) {
      const loaded = loadCaixaPackage(dir);
      expect(loaded.diagnostics).toEqual([]);
      expect(loaded.caixa?.versao).toBe('1.0.0');
    }
  });

  it('a Biblioteca without :bibliotecas needs lib/<nome>.lisp', () => {
    expect(layoutErrors(pkg('(defcaixa :nome util :versao 1.0.0 :kind Biblioteca)', ['lib/other.lisp']))).toEqual([
      '<pkg>/caixa.lisp:1:1: kind Biblioteca without :bibliotecas needs lib/util.lisp',
    ]);
    expect(layoutErrors(pkg('(defcaixa :nome util :versao 1.0.0 :kind Biblioteca :bibliotecas ())'))).toEqual([
      '<pkg>/caixa.lisp:1:1: kind Biblioteca without :bibliotecas needs lib/util.lisp',
    ]);
  });

  it('Binario needs :exe under exe/, Servico needs :servicos under servicos/', () => {
    expect(layoutErrors(pkg('(defcaixa :nome cli :versao 1.0.0 :kind Binario)'))).toEqual(['<pkg>/caixa.lisp:1:1: kind Binario needs :exe (paths under exe/)']);
    expect(layoutErrors(pkg('(defcaixa :nome cli :versao 1.0.0 :kind Binario\n  :exe ("bin/main.lisp"))', ['bin/main.lisp']))).toEqual([
      '<pkg>/caixa.lisp:2:3: :exe path bin/main.lisp must be under exe/',
    ]);
    expect(layoutErrors(pkg('(defcaixa :nome api :versao 1.0.0 :kind Servico\n  :servicos ())'))).toEqual([
      '<pkg>/caixa.lisp:2:3: kind Servico needs :servicos (paths under servicos/)',
    ]);
  });

  it('every declared path exists and stays inside the package', () => {
    expect(
      layoutErrors(
        pkg(
          [
            '(defcaixa :nome api :versao 1.0.0 :kind Servico',
            '  :servicos ("servicos/api.lisp" "servicos/gone.lisp")',
            '  :bibliotecas ("../outside.lisp" "/abs.lisp")',
            '  :behavior (:on-state-change "servicos/state.lisp")',
            '  :deps ((:nome "x" :versao "*" :fonte (:tipo path :caminho "vendor/x"))))',
          ].join('\n'),
          ['servicos/api.lisp'],
        ),
      ),
    ).toEqual([
      '<pkg>/caixa.lisp:2:3: :servicos path servicos/gone.lisp does not exist',
      '<pkg>/caixa.lisp:3:3: :bibliotecas path ../outside.lisp must be relative and inside the package',
      '<pkg>/caixa.lisp:3:3: :bibliotecas path /abs.lisp must be relative and inside the package',
      '<pkg>/caixa.lisp:4:3: :behavior :on-state-change path servicos/state.lisp does not exist',
      '<pkg>/caixa.lisp:5:40: dependency x: :caminho vendor/x does not exist',
    ]);
  });

  it('Supervisor and Aplicacao declare no code', () => {
    expect(
      layoutErrors(pkg('(defcaixa :nome sup :versao 1.0.0 :kind Supervisor :children ((:caixa api :versao "^1"))\n  :exe ("exe/a.lisp") :servicos ("servicos/b.lisp"))', ['exe/a.lisp'])),
    ).toEqual(['<pkg>/caixa.lisp:2:3: kind Supervisor declares no code: remove :exe', '<pkg>/caixa.lisp:2:23: kind Supervisor declares no code: remove :servicos']);
    expect(layoutErrors(pkg('(defcaixa :nome app :versao 1.0.0 :kind Aplicacao :membros ((:caixa api :versao "^1")) :bibliotecas ())'))).toEqual([
      '<pkg>/caixa.lisp:1:88: kind Aplicacao declares no code: remove :bibliotecas',
    ]);
  });

  it('parse errors come back without layout checks', () => {
    expect(layoutErrors(pkg('(defcaixa :nome cli :versao 1.0 :kind Binario)'))).toEqual([
      '<pkg>/caixa.lisp:1:29: :versao must be a semver version such as 1.2.3, got "1.0"',
    ]);
  });
});
