// PEM files on disk: private keys are written 0600, every file atomically (write, then rename),
// so a crash never leaves half a key behind.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;

export function writeFileAtomically(path: string, contents: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, contents, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

export interface PemPair {
  certPem: string;
  keyPem: string;
}

/** Reads `<name>.crt` and `<name>.key` from `dir`, or undefined when either is missing. */
export function readPemPair(dir: string, name: string): PemPair | undefined {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  return { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
}

export function writePemPair(dir: string, name: string, pair: PemPair): void {
  writeFileAtomically(join(dir, `${name}.key`), pair.keyPem, PRIVATE_FILE_MODE);
  writeFileAtomically(join(dir, `${name}.crt`), pair.certPem, PUBLIC_FILE_MODE);
}
