import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from './json-equal.js';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const scalars: unknown[] = [null, undefined, true, false, 0, -0, 1, NaN, '', 'a', '1'];
const keys = ['a', 'b', 'c', '__proto__'];

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 3 || pick < 0.5) return scalars[Math.floor(next() * scalars.length)];
  if (pick < 0.75) return Array.from({ length: Math.floor(next() * 3) }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let count = Math.floor(next() * 3); count > 0; count--) {
    Object.defineProperty(object, keys[Math.floor(next() * keys.length)] as string, { value: value(next, depth + 1), enumerable: true, configurable: true, writable: true });
  }
  return object;
}

describe('jsonEqual', () => {
  it('agrees with isDeepStrictEqual on random JSON-like pairs (equal ones included)', () => {
    const next = random(42);
    let equalPairs = 0;
    for (let round = 0; round < 5000; round++) {
      const a = value(next, 0);
      const b = next() < 0.4 ? structuredClone(a) : value(next, 0);
      const expected = isDeepStrictEqual(a, b);
      if (expected) equalPairs++;
      expect(jsonEqual(a, b), JSON.stringify([a, b])).toBe(expected);
    }
    expect(equalPairs).toBeGreaterThan(1000);
  });

  it('agrees on what is not plain JSON', () => {
    const cases: [unknown, unknown][] = [
      [new Date(1), new Date(1)],
      [new Date(1), new Date(2)],
      [{ a: 1 }, Object.assign(Object.create(null) as object, { a: 1 })],
      [[1, , 3], [1, undefined, 3]], // eslint-disable-line no-sparse-arrays
      [Object.assign([1], { extra: 1 }), [1]],
      [{ [Symbol.for('s')]: 1 }, {}],
      [{ a: undefined }, {}],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [new Map([[1, 2]]), new Map([[1, 2]])],
    ];
    for (const [a, b] of cases) expect(jsonEqual(a, b)).toBe(isDeepStrictEqual(a, b));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const other: Record<string, unknown> = {};
    other.self = other;
    expect(jsonEqual(cyclic, other)).toBe(isDeepStrictEqual(cyclic, other));
  });
});
