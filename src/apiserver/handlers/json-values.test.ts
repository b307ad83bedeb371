import { describe, expect, it } from 'vitest';
import { cloneJson, jsonEqual } from './json-values.js';

/** The comparison jsonEqual stands for: JSON text with object keys sorted. */
function sortedJson(value: unknown): string {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.keys(node).sort().map((key) => [key, walk((node as Record<string, unknown>)[key])]));
  };
  return JSON.stringify(walk(value));
}

describe('jsonEqual', () => {
  const pairs: [unknown, unknown][] = [
    [{ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }],
    [{ a: 1 }, { a: 1, b: undefined }],
    [{ a: [undefined] }, { a: [null] }],
    [{ a: NaN }, { a: null }],
    [{ a: Infinity }, { a: -Infinity }],
    [{ a: 0 }, { a: -0 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: {} }, { a: [] }],
    [{ a: '1' }, { a: 1 }],
    [{ a: null }, { a: {} }],
    [{ a: { b: 1 } }, { a: { b: 1, c: 2 } }],
    [{ a: { b: 1, c: 2 } }, { a: { b: 1 } }],
    [{ a: [1] }, { a: [1, 2] }],
    [{ a: true }, {}],
    [{ a: () => 1 }, {}],
  ];

  it('agrees with comparing key-sorted JSON', () => {
    for (const [a, b] of pairs) {
      expect(jsonEqual(a, b)).toBe(sortedJson(a) === sortedJson(b));
      expect(jsonEqual(b, a)).toBe(sortedJson(a) === sortedJson(b));
    }
  });

  it('leaves skipped top-level keys out', () => {
    const skip = new Set(['metadata', 'status']);
    expect(jsonEqual({ spec: { x: 1 }, metadata: { a: 1 }, status: {} }, { spec: { x: 1 }, metadata: { a: 2 } }, skip)).toBe(true);
    expect(jsonEqual({ spec: { x: 1 } }, { spec: { x: 2 }, metadata: {} }, skip)).toBe(false);
    expect(jsonEqual({ spec: { metadata: 1 } }, { spec: { metadata: 2 } }, skip)).toBe(false);
  });
});

describe('cloneJson', () => {
  it('copies every level of a parsed document', () => {
    const original = JSON.parse('{"a": [{"b": {"c": "d"}}, 1, null, "x"], "__proto__": {"e": true}}') as Record<string, unknown>;
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    ((copy.a as Record<string, unknown>[])[0].b as Record<string, unknown>).c = 'changed';
    expect(((original.a as Record<string, unknown>[])[0].b as Record<string, unknown>).c).toBe('d');
  });
});
