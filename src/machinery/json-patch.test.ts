import { describe, expect, it } from 'vitest';
import { StatusError } from './errors.js';
import { applyJsonPatch } from './json-patch.js';

function failure(doc: unknown, ops: unknown): { code: number; message: string } {
  try {
    applyJsonPatch(doc, ops);
  } catch (error) {
    expect(error).toBeInstanceOf(StatusError);
    return { code: (error as StatusError).status.code, message: (error as StatusError).message };
  }
  throw new Error('expected the patch to fail');
}

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = { metadata: { name: 'x', labels: { a: '1' } }, spec: { replicas: 1, list: ['a', 'b'] } };

  it('applies add, remove, replace, move, copy and test in order', () => {
    const result = applyJsonPatch(doc, [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/list/-', value: 'c' },
      { op: 'add', path: '/spec/list/0', value: 'z' },
      { op: 'copy', from: '/metadata/name', path: '/spec/copied' },
      { op: 'move', from: '/spec/copied', path: '/spec/moved' },
      { op: 'add', path: '/metadata/annotations', value: { 'x/y': 'z' } },
    ]);
    expect(result).toEqual({
      metadata: { name: 'x', labels: { b: '2' }, annotations: { 'x/y': 'z' } },
      spec: { replicas: 3, list: ['z', 'a', 'b', 'c'], moved: 'x' },
    });
    expect(doc.spec.replicas).toBe(1);
  });

  it('escaped pointers (~1 for /, ~0 for ~)', () => {
    const result = applyJsonPatch({ a: { 'x/y': 1, 'm~n': 2 } }, [
      { op: 'replace', path: '/a/x~1y', value: 3 },
      { op: 'remove', path: '/a/m~0n' },
    ]);
    expect(result).toEqual({ a: { 'x/y': 3 } });
  });

  it('operations that cannot apply are 422 naming the operation index', () => {
    expect(failure(doc, [{ op: 'replace', path: '/spec/replicas', value: 2 }, { op: 'test', path: '/spec/replicas', value: 1 }])).toEqual({
      code: 422,
      message: 'json patch operation 1 (test /spec/replicas) cannot be applied: test failed: the value differs',
    });
    expect(failure(doc, [{ op: 'remove', path: '/spec/missing' }])).toEqual({
      code: 422,
      message: 'json patch operation 0 (remove /spec/missing) cannot be applied: the path does not exist',
    });
    expect(failure(doc, [{ op: 'add', path: '/nope/deeper', value: 1 }]).code).toBe(422);
    expect(failure(doc, [{ op: 'add', path: '/spec/list/9', value: 1 }]).message).toContain('array index is out of bounds');
  });

  it('malformed patch documents are 400', () => {
    expect(failure(doc, { op: 'add' })).toEqual({ code: 400, message: 'json patch must be a JSON array of operations' });
    expect(failure(doc, [{ op: 'frobnicate', path: '/a' }])).toEqual({
      code: 400,
      message: 'json patch operation 0: unknown "op" "frobnicate" (expected add, remove, replace, move, copy or test)',
    });
    expect(failure(doc, [{ op: 'add', path: '/a' }]).message).toBe('json patch operation 0 (add /a): "value" is required');
    expect(failure(doc, [{ op: 'add', path: 'a', value: 1 }]).code).toBe(400);
    expect(failure(doc, [{ op: 'move', path: '/a' }]).message).toBe('json patch operation 0 (move): "from" is required');
  });

  it('more than 10000 operations is 413, as upstream', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/metadata/name', value: 'x' }));
    expect(failure(doc, ops)).toEqual({ code: 413, message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001' });
  });

  it('refuses prototype pollution', () => {
    expect(failure({}, [{ op: 'add', path: '/__proto__/polluted', value: 1 }]).code).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
