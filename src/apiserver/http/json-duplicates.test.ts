import { describe, expect, it } from 'vitest';
import { duplicateFieldsOf, findDuplicateFields } from './json-duplicates.js';

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

describe('duplicateFieldsOf', () => {
  const of = (text: string) => duplicateFieldsOf(text, JSON.parse(text));

  it('answers as the full scan does, with and without repeated keys', () => {
    const texts = [
      '{"spec": {"replicas": 1, "template": {"containers": [{"name": "a", "name": "b"}]}, "replicas": 2}, "kind": "X", "x": "a\\"b", "x": 1}',
      '{"a": [1, 2, {"b": null, "c": true}], "d": {"e": -1.5e3}}',
      '{"a\\\\": "x\\\\", "b": "\\": not a key", "c" :{"k":"v"}, "c": 1}',
      '{"__proto__": {"x": 1}, "__proto__": 2}',
      '{"s": "\\\\\\"", "s": "y"}',
      '{"a": {}, "b": [], "c": [{}, {"d": "e", "d": "e"}]}',
      '[]',
    ];
    for (const text of texts) expect(of(text)).toEqual(findDuplicateFields(text));
    expect(of(texts[0])).toEqual(['spec.template.containers[0].name', 'spec.replicas', 'x']);
    expect(of(texts[2])).toEqual(['c']);
    expect(of(texts[3])).toEqual(['__proto__']);
    expect(of(texts[4])).toEqual(['s']);
    expect(of(texts[5])).toEqual(['c[1].d']);
  });

  it('finds repeated keys in documents nested too deeply to count', () => {
    const text = `${'['.repeat(20000)}{"a": 1, "a": 2}${']'.repeat(20000)}`;
    expect(of(text)).toEqual(findDuplicateFields(text));
  });
});
