// The content hash of a path dependency: its file tree, walked in a fixed order (relative posix
// paths sorted by code unit), each file framed as its path, whether it is executable and its bytes.
// `.git` folders are skipped so a path dependency that is also a checkout hashes the same.
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hashFields, type Field } from './hash.js';

const skipped = new Set(['.git']);

function walk(root: string, relative: string, out: Field[]): void {
  const names = readdirSync(join(root, relative)).filter((name) => !skipped.has(name));
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const rel = relative === '' ? name : `${relative}/${name}`;
    const full = join(root, rel);
    const stat = lstatSync(full);
    if (stat.isDirectory()) {
      walk(root, rel, out);
    } else if (stat.isSymbolicLink()) {
      out.push(['symlink', rel], ['target', readlinkSync(full)]);
    } else if (stat.isFile()) {
      out.push(['file', rel], ['executable', stat.mode & 0o111 ? '1' : '0'], ['content', readFileSync(full)]);
    }
  }
}

/** `blake3:<hex>` of the folder's files (empty folders do not count). */
export function hashTree(dir: string): string {
  const fields: Field[] = [];
  walk(dir, '', fields);
  return hashFields(fields);
}
