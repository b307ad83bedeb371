import { describe, expect, it } from 'vitest';
import { findDuplicateFields } from './json-duplicates.js';

describe('findDuplicateFields', () => {
  it('reports each repeated key by its path', () => {
    const text = '{"spec": {"replicas": 1, "template": {"containers": [{"name": "a", "name": "b"}]}, "replicas": 2}, "kind": "X", "x": "a\\"b", "x": 1}';
    expect(findDuplicateFields(text)).toEqual(['spec.template.containers[0].name', 'spec.replicas', 'x']);
  });

  it('finds nothing in ordinary documents', () => {
    expect(findDuplicateFields('{"a": [1, 2, {"b": null, "c": true}], "d": {"e": -1.5e3}}')).toEqual([]);
    expect(findDuplicateFields('[]')).toEqual([]);
  });
});
