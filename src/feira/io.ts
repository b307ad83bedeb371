// Where feira writes, and the one error type its commands throw: a message (or positioned
// diagnostics) and an exit code — 1 for findings, 2 for usage and parse errors.
import { isAbsolute, relative } from 'node:path';

export interface FeiraIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
}

export const processIo = (): FeiraIo => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });

export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class FeiraError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** Lines printed as they are (positioned diagnostics) instead of `feira: message`. */
    readonly lines?: string[],
  ) {
    super(message);
    this.name = 'FeiraError';
  }
}

/** A path as the user will want to read it: relative to the working folder when inside it. */
export function displayPath(io: FeiraIo, file: string): string {
  const rel = relative(io.cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
