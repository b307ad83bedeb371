import { describe, expect, it } from 'vitest';
import { cloneJson } from './json-clone.js';

describe('cloneJson', () => {
  it('copies decoded JSON deeply, keys in order, undefined values kept', () => {
    const source = { b: 1, a: [1, 'x', null, { c: true, d: undefined }], 2: 'two', nested: { deep: { list: [[1], []] } } };
    const copy = cloneJson(source);
    expect(copy).toStrictEqual(structuredClone(source));
    expect(Object.keys(copy)).toEqual(['2', 'b', 'a', 'nested']);
    expect(Object.keys(copy.a[3] as object)).toEqual(['c', 'd']);
    expect(copy.nested.deep.list[0]).not.toBe(source.nested.deep.list[0]);
  });

  it('keeps "__proto__" an own field, never the prototype', () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = cloneJson(source);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('null-prototype objects come back as plain objects, as structuredClone gives them', () => {
    const source = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const copy = cloneJson(source);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy).toEqual({ a: 1 });
  });

  it('values that are not plain JSON get structuredClone semantics', () => {
    const date = new Date('2026-11-22T08:00:00Z');
    const withDate = cloneJson({ at: date });
    expect(withDate.at).toBeInstanceOf(Date);
    expect(withDate.at).not.toBe(date);
    expect(withDate.at.getTime()).toBe(date.getTime());

    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const copy = cloneJson(cyclic);
    expect(copy.self).toBe(copy);

    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    expect(1 in cloneJson(sparse)).toBe(false);
    expect(cloneJson('text')).toBe('text');
    expect(() => cloneJson({ f: () => 1 })).toThrow(/could not be cloned/);
  });
});
