// Real local git repositories and package folders in a temp dir, for lacre tests (no network).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseCaixaSource } from '../../index.js';
import { LacreError, type CaixaParser } from '../index.js';

export const parse: CaixaParser = (text, file) => {
  const parsed = parseCaixaSource(text, file);
  if (parsed.caixa === undefined) throw new LacreError(`${file}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return parsed.caixa;
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=feira-test', '-c', 'user.email=feira@test', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  }).trim();
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A `(defcaixa …)` Biblioteca text with the given deps (already written as caixa list items). */
export function biblioteca(nome: string, versao: string, deps: string[] = []): string {
  const depsText = deps.length > 0 ? `\n  :deps (${deps.join('\n         ')})` : '';
  return `(defcaixa :nome "${nome}" :versao "${versao}" :kind Biblioteca :descricao "test"${depsText})\n`;
}

export interface Fixture {
  root: string;
  path(...parts: string[]): string;
  /** A git repo at `name` with the files committed on branch main; returns the commit. */
  repo(name: string, files: Record<string, string>, message?: string): string;
  commit(name: string, files: Record<string, string>, message?: string): string;
  cleanup(): void;
}

export function createFixture(): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'lacre-'));
  const path = (...parts: string[]) => join(root, ...parts);
  const commit = (name: string, files: Record<string, string>, message = 'change') => {
    writeFiles(path(name), files);
    git(path(name), 'add', '-A');
    git(path(name), 'commit', '-q', '-m', message);
    return git(path(name), 'rev-parse', 'HEAD');
  };
  return {
    root,
    path,
    repo(name, files, message = 'first') {
      mkdirSync(path(name), { recursive: true });
      git(path(name), 'init', '-q', '-b', 'main');
      return commit(name, files, message);
    },
    commit,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
