// Deep strict equality of decoded JSON, several times faster than util.isDeepStrictEqual (which handles
// every JavaScript type). Plain objects and arrays are compared here; anything else (class instances,
// Dates, sparse arrays, arrays with extra properties, symbol keys, very deep nesting) goes to isDeepStrictEqual, so the
// answer is always isDeepStrictEqual's.
import { isDeepStrictEqual } from 'node:util';

const maxDepth = 256;

class NotPlain extends Error {}
const notPlain = new NotPlain();

function plainKind(value: object): 'array' | 'object' | undefined {
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value)) return prototype === Array.prototype ? 'array' : undefined;
  return prototype === Object.prototype || prototype === null ? 'object' : undefined;
}

function equal(a: unknown, b: unknown, depth: number): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b);
  }
  if (depth > maxDepth) throw notPlain;
  const kind = plainKind(a);
  if (kind === undefined || plainKind(b) === undefined) throw notPlain;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (kind === 'array') {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let index = 0; index < left.length; index++) {
      if (!(index in left) || !(index in right)) throw notPlain;
      if (!equal(left[index], right[index], depth + 1)) return false;
    }
    if (Object.keys(left).length !== left.length || Object.keys(right).length !== right.length) throw notPlain;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // isDeepStrictEqual compares enumerable symbol keys too; JSON has none, so any symbol key goes there.
  if (Object.getOwnPropertySymbols(left).length > 0 || Object.getOwnPropertySymbols(right).length > 0) throw notPlain;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(right, key) || !Object.prototype.propertyIsEnumerable.call(right, key)) return false;
    if (!equal(left[key], right[key], depth + 1)) return false;
  }
  return true;
}

/** `isDeepStrictEqual(a, b)`, fast for plain JSON. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  try {
    return equal(a, b, 0);
  } catch (error) {
    if (error === notPlain) return isDeepStrictEqual(a, b);
    throw error;
  }
}
