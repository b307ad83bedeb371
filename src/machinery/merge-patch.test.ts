import { describe, expect, it } from 'vitest';
import { applyMergePatch, createMergePatch } from './merge-patch.js';

describe('applyMergePatch (RFC 7386 appendix A)', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  cases.forEach(([target, patch, expected], index) => {
    it(`case ${index + 1}`, () => {
      expect(applyMergePatch(target, patch)).toEqual(expected);
    });
  });

  it('does not modify its inputs', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: 2 } };
    applyMergePatch(target, patch);
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('createMergePatch', () => {
  it('produces a patch that turns original into modified', () => {
    const original = { a: 1, b: { c: 2, d: 3 }, list: [1, 2] };
    const modified = { a: 1, b: { c: 5 }, list: [1, 2, 3], e: 'new' };
    const patch = createMergePatch(original, modified);
    expect(patch).toEqual({ b: { c: 5, d: null }, list: [1, 2, 3], e: 'new' });
    expect(applyMergePatch(original, patch)).toEqual(modified);
  });
});

describe('hostile keys', () => {
  it('"__proto__" and "constructor" are ordinary fields', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}') as unknown;
    const result = applyMergePatch({ a: 1 }, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['a', '__proto__', 'constructor']);
    expect(JSON.stringify(result)).toBe('{"a":1,"__proto__":{"polluted":true},"constructor":"x"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
