// lacre against real local git repositories: breadth-first resolution, pins, determinism and
// change detection.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashTree, LACRE_FILE, lockPackage, lockStatus, type Lacre, type LockedEntry } from './index.js';
import { biblioteca, createFixture, git, parse, writeFiles, type Fixture } from './testing/git-fixture.js';

let fx: Fixture;
let commits: { a: string; c: string };
let cache = 0;

const url = (name: string) => pathToFileURL(fx.path(name)).href;
const rootCaixa = () => parse(readFileSync(fx.path('app', 'caixa.lisp'), 'utf8'), 'caixa.lisp');

const lock = (dir = 'app') => lockPackage(fx.path(dir), rootCaixa(), { cacheDir: fx.path(`cache-${cache++}`), parse });
const entry = (lacre: Lacre, nome: string) => lacre.entradas.find((e) => e.nome === nome) as LockedEntry;

beforeEach(() => {
  fx = createFixture();
  // c: a leaf library in its own git repo.
  commits = { c: fx.repo('c-repo', { 'caixa.lisp': biblioteca('c', '0.1.4'), 'lib/c.lisp': '(defn c () 1)\n' }), a: '' };
  // a: tagged v0.1.0 (annotated), depends on c from git, branch main.
  commits.a = fx.repo('a-repo', {
    'caixa.lisp': biblioteca('a', '0.1.0', [`(:nome "c" :versao "^0.1" :fonte (:tipo git :repo "${url('c-repo')}" :branch "main"))`]),
    'lib/a.lisp': '(defn a () 1)\n',
  });
  git(fx.path('a-repo'), 'tag', '-a', 'v0.1.0', '-m', 'release');
  // b: a path dependency that also wants c, by path (a's git c is met first and wins).
  writeFiles(fx.path('b'), { 'caixa.lisp': biblioteca('b', '1.2.0', ['(:nome "c" :versao "*" :fonte (:tipo path :caminho "../c-local"))']), 'lib/b.lisp': '(defn b () 2)\n' });
  writeFiles(fx.path('c-local'), { 'caixa.lisp': biblioteca('c', '0.9.0') });
  writeFiles(fx.path('app'), {
    'caixa.lisp': biblioteca('app', '0.1.0', [
      '(:nome "a" :versao "^0.1" :fonte (:tipo git :repo "../a-repo" :tag "v0.1.0"))',
      '(:nome "b" :versao "^1" :fonte (:tipo path :caminho "../b"))',
    ]),
  });
});
afterEach(() => fx.cleanup());

describe('lockPackage', () => {
  it('resolves breadth-first, the first occurrence of a name winning, and writes the lock', async () => {
    const { lacre, text } = await lock();
    expect(lacre.entradas.map(({ fecho, ...rest }) => rest)).toEqual([
      { nome: 'a', versao: '0.1.0', fonte: 'git+../a-repo#tag=v0.1.0', conteudo: `git:${commits.a}`, deps: ['c'] },
      { nome: 'b', versao: '1.2.0', fonte: 'path:../b', conteudo: hashTree(fx.path('b')), deps: ['c'] },
      { nome: 'c', versao: '0.1.4', fonte: `git+${url('c-repo')}#branch=main`, conteudo: `git:${commits.c}`, deps: [] },
    ]);
    for (const e of lacre.entradas) expect(e.fecho).toMatch(/^blake3:[0-9a-f]{64}$/);
    expect(text).toBe(
      [
        ';; lacre.lisp — written by `feira lock`; do not edit.',
        '(deflacre',
        '  :versao-lacre "0.1.0"',
        `  :raiz "${lacre.raiz}"`,
        '  :entradas (',
        `    (:nome "a" :versao "0.1.0" :fonte "git+../a-repo#tag=v0.1.0" :conteudo "git:${commits.a}" :fecho "${entry(lacre, 'a').fecho}" :deps ("c"))`,
        `    (:nome "b" :versao "1.2.0" :fonte "path:../b" :conteudo "${entry(lacre, 'b').conteudo}" :fecho "${entry(lacre, 'b').fecho}" :deps ("c"))`,
        `    (:nome "c" :versao "0.1.4" :fonte "git+${url('c-repo')}#branch=main" :conteudo "git:${commits.c}" :fecho "${entry(lacre, 'c').fecho}" :deps ())))`,
        '',
      ].join('\n'),
    );
  });

  it('gives the same bytes for the same inputs (fresh caches, twice)', async () => {
    const first = await lock();
    const second = await lock();
    expect(second.text).toBe(first.text);
  });

  it('a changed path dep changes its content, its closure and the root, nothing else', async () => {
    const before = (await lock()).lacre;
    writeFileSync(fx.path('b', 'lib', 'b.lisp'), '(defn b () 3)\n');
    const after = (await lock()).lacre;
    expect(entry(after, 'b').conteudo).not.toBe(entry(before, 'b').conteudo);
    expect(entry(after, 'b').fecho).not.toBe(entry(before, 'b').fecho);
    expect(after.raiz).not.toBe(before.raiz);
    expect(entry(after, 'a')).toEqual(entry(before, 'a'));
    expect(entry(after, 'c')).toEqual(entry(before, 'c'));
  });

  it('a new commit on a git dep changes its closure, its dependents’ closures (not their content) and the root', async () => {
    const before = (await lock()).lacre;
    const next = fx.commit('c-repo', { 'lib/c.lisp': '(defn c () 2)\n' });
    const after = (await lock()).lacre;
    expect(entry(after, 'c').conteudo).toBe(`git:${next}`);
    expect(entry(after, 'c').fecho).not.toBe(entry(before, 'c').fecho);
    expect(entry(after, 'a').conteudo).toBe(entry(before, 'a').conteudo);
    expect(entry(after, 'a').fecho).not.toBe(entry(before, 'a').fecho);
    expect(entry(after, 'b').conteudo).toBe(entry(before, 'b').conteudo);
    expect(entry(after, 'b').fecho).not.toBe(entry(before, 'b').fecho);
    expect(after.raiz).not.toBe(before.raiz);
  });

  it('a reused clone cache notices a moved branch', async () => {
    const cacheDir = fx.path('shared-cache');
    const before = (await lockPackage(fx.path('app'), rootCaixa(), { cacheDir, parse })).lacre;
    const next = fx.commit('c-repo', { 'lib/c.lisp': '(defn c () 7)\n' });
    const after = (await lockPackage(fx.path('app'), rootCaixa(), { cacheDir, parse })).lacre;
    expect(entry(before, 'c').conteudo).toBe(`git:${commits.c}`);
    expect(entry(after, 'c').conteudo).toBe(`git:${next}`);
  });

  it('lockStatus: missing, fresh, then stale naming what changed', async () => {
    const { lacre, text } = await lock();
    expect(lockStatus(fx.path('app'), lacre)).toEqual({ status: 'missing' });
    writeFileSync(fx.path('app', LACRE_FILE), text);
    expect(lockStatus(fx.path('app'), (await lock()).lacre)).toEqual({ status: 'fresh' });
    writeFileSync(fx.path('b', 'lib', 'b.lisp'), '(defn b () 4)\n');
    expect(lockStatus(fx.path('app'), (await lock()).lacre)).toEqual({ status: 'stale', changes: ['b changed'] });
    fx.commit('c-repo', { 'lib/c.lisp': '(defn c () 5)\n' });
    writeFiles(fx.path('app'), {
      'caixa.lisp': biblioteca('app', '0.1.0', [
        '(:nome "a" :versao "^0.1" :fonte (:tipo git :repo "../a-repo" :tag "v0.1.0"))',
        '(:nome "d" :versao "*" :fonte (:tipo path :caminho "../c-local"))',
      ]),
    });
    writeFiles(fx.path('c-local'), { 'caixa.lisp': biblioteca('d', '0.9.0') });
    expect(lockStatus(fx.path('app'), (await lock()).lacre)).toEqual({ status: 'stale', changes: ['a changed', 'b removed', 'c changed', 'd added'] });
    writeFileSync(fx.path('app', LACRE_FILE), '(deflacre');
    expect(lockStatus(fx.path('app'), (await lock()).lacre)).toEqual({ status: 'stale', changes: ['lacre.lisp does not read'] });
  });

  it('a short :rev resolves to the full commit', async () => {
    writeFiles(fx.path('app'), { 'caixa.lisp': biblioteca('app', '0.1.0', [`(:nome "c" :versao "^0.1" :fonte (:tipo git :repo "../c-repo" :rev "${commits.c.slice(0, 10)}"))`]) });
    const { lacre } = await lock();
    expect(lacre.entradas.map((e) => [e.nome, e.fonte, e.conteudo])).toEqual([['c', `git+../c-repo#rev=${commits.c.slice(0, 10)}`, `git:${commits.c}`]]);
  });

  it('an empty dependency list locks to no entries', async () => {
    writeFiles(fx.path('app'), { 'caixa.lisp': biblioteca('app', '0.1.0') });
    const { lacre, text } = await lock();
    expect(lacre.entradas).toEqual([]);
    expect(text).toBe(`;; lacre.lisp — written by \`feira lock\`; do not edit.\n(deflacre\n  :versao-lacre "0.1.0"\n  :raiz "${lacre.raiz}"\n  :entradas ())\n`);
  });

  const failing = (deps: string[]) => {
    writeFiles(fx.path('app'), { 'caixa.lisp': biblioteca('app', '0.1.0', deps) });
    return lock();
  };

  it('refuses an unpinned git dep', async () => {
    await expect(failing(['(:nome "c" :versao "*" :fonte (:tipo git :repo "../c-repo"))'])).rejects.toThrow(
      'app: dependency "c" from ../c-repo is not pinned (give :tag, :rev or :branch)',
    );
  });

  it('reports a missing tag, a missing rev and a missing path', async () => {
    await expect(failing(['(:nome "c" :versao "*" :fonte (:tipo git :repo "../c-repo" :tag "v9"))'])).rejects.toThrow(
      `app: dependency "c": ${url('c-repo')} has no tag "v9"`,
    );
    await expect(failing(['(:nome "c" :versao "*" :fonte (:tipo git :repo "../c-repo" :rev "abcdef12"))'])).rejects.toThrow(
      `app: dependency "c": ${url('c-repo')} has no commit "abcdef12"`,
    );
    await expect(failing(['(:nome "c" :versao "*" :fonte (:tipo path :caminho "../nowhere"))'])).rejects.toThrow(
      'app: dependency "c": ../nowhere/caixa.lisp does not exist',
    );
  });

  it('checks the version range and the package name', async () => {
    await expect(failing(['(:nome "c" :versao "^0.2" :fonte (:tipo path :caminho "../c-local"))'])).rejects.toThrow(
      'app: dependency "c": version 0.9.0 at path:../c-local does not satisfy "^0.2"',
    );
    await expect(failing(['(:nome "d" :versao "*" :fonte (:tipo path :caminho "../c-local"))'])).rejects.toThrow(
      'app: dependency "d": the package at path:../c-local is named "c"',
    );
  });

  it('reports a dependency cycle with its path', async () => {
    writeFiles(fx.path('x'), { 'caixa.lisp': biblioteca('x', '0.1.0', ['(:nome "y" :versao "*" :fonte (:tipo path :caminho "../y"))']) });
    writeFiles(fx.path('y'), { 'caixa.lisp': biblioteca('y', '0.1.0', ['(:nome "x" :versao "*" :fonte (:tipo path :caminho "../x"))']) });
    await expect(failing(['(:nome "x" :versao "*" :fonte (:tipo path :caminho "../x"))'])).rejects.toThrow('dependency cycle: x -> y -> x');
  });
});
