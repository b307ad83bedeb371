// Key ranges and input checks shared by every backend.
import { MAX_VALUE_BYTES, StoreError } from './errors.js';

/** The smallest string greater than every string that starts with `prefix` ('' means no upper bound). */
export function prefixEnd(prefix: string): string {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return codePoints.join('') + String.fromCodePoint(last + 1);
  }
  return '';
}

/** Byte order of the UTF-8 encoding (what SQLite BINARY collation and etcd use). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const isAscii = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);

export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new TypeError(`store key must be a non-empty string, got ${JSON.stringify(key)}`);
  }
}

export function checkValue(key: string, value: string): void {
  if (typeof value !== 'string') throw new TypeError(`store value for ${key} must be a string`);
  // Cheap bound first: a UTF-8 encoding takes at most 3 bytes per UTF-16 code unit.
  if (value.length * 3 <= MAX_VALUE_BYTES) return;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_VALUE_BYTES) {
    throw new StoreError('TooLarge', `value for ${key} is ${bytes} bytes; the limit is ${MAX_VALUE_BYTES} bytes`);
  }
}

export function checkExpectedRevision(key: string, expected: number | undefined, required: boolean): void {
  if (expected === undefined && !required) return;
  if (!Number.isSafeInteger(expected) || (expected as number) <= 0) {
    throw new TypeError(`expected modRevision for ${key} must be a positive integer, got ${String(expected)}`);
  }
}

export const compactedError = (requested: number, compacted: number): StoreError =>
  new StoreError('Compacted', `revision ${requested} has been compacted; the oldest readable revision is ${compacted}`, compacted);

export const futureRevisionError = (requested: number, current: number): StoreError =>
  new StoreError('Unavailable', `Too large resource version: revision ${requested} is newer than the current revision ${current}`, current);
