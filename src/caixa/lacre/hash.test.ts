import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { frame, hashFields } from './hash.js';
import { hashTree } from './tree-hash.js';

describe('framed BLAKE3', () => {
  it('frames a field as label, 0x00, u64 little-endian length, bytes', () => {
    expect([...frame('ab', 'xyz')]).toEqual([0x61, 0x62, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0x78, 0x79, 0x7a]);
    expect([...frame('l', new Uint8Array(300))].slice(0, 10)).toEqual([0x6c, 0, 44, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('prints blake3:<hex>; no fields is BLAKE3 of the empty input', () => {
    expect(hashFields([])).toBe('blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
  });

  it('moving bytes between label and value or between fields changes the hash', () => {
    const hashes = new Set([
      hashFields([['ab', 'c']]),
      hashFields([['a', 'bc']]),
      hashFields([['a', 'b'], ['c', '']]),
      hashFields([['a', ''], ['b', 'c']]),
    ]);
    expect(hashes.size).toBe(4);
  });
});

describe('hashTree', () => {
  const dirs: string[] = [];
  const tree = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tree-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is the same for the same files written in any order, and ignores .git and empty folders', () => {
    const a = tree({ 'caixa.lisp': '(defcaixa)', 'lib/x.lisp': 'x', 'lib/y.lisp': 'y' });
    const b = tree({ 'lib/y.lisp': 'y', '.git/HEAD': 'ref: refs/heads/main', 'caixa.lisp': '(defcaixa)', 'lib/x.lisp': 'x' });
    mkdirSync(join(b, 'empty'));
    expect(hashTree(a)).toBe(hashTree(b));
  });

  it('changes with a file content, a file name or the executable bit', () => {
    const base = hashTree(tree({ 'a.lisp': 'a' }));
    expect(hashTree(tree({ 'a.lisp': 'b' }))).not.toBe(base);
    expect(hashTree(tree({ 'b.lisp': 'a' }))).not.toBe(base);
    const executable = tree({ 'a.lisp': 'a' });
    chmodSync(join(executable, 'a.lisp'), 0o755);
    expect(hashTree(executable)).not.toBe(base);
  });
});
