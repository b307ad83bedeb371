import { describe, expect, it } from 'vitest';
import { FieldSet } from './field-set.js';
import { fieldSetToFieldsV1, fieldsV1ToFieldSet } from './fields-v1.js';
import { fieldElement as f, fieldPathText, keyElement as k, parsePathElementKey, pathElementKey, valueElement as v, indexElement as i } from './path-element.js';

describe('path elements', () => {
  it('encode as FieldsV1 keys with list-map keys sorted by name', () => {
    expect(pathElementKey(f('replicas'))).toBe('f:replicas');
    expect(pathElementKey(k([['protocol', 'TCP'], ['containerPort', 80]]))).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(pathElementKey(v('example.com/finalizer'))).toBe('v:"example.com/finalizer"');
    expect(pathElementKey(i(3))).toBe('i:3');
  });

  it('parse FieldsV1 keys back, normalising key order', () => {
    expect(parsePathElementKey('k:{"protocol":"TCP","containerPort":80}')).toEqual(k([['containerPort', 80], ['protocol', 'TCP']]));
    expect(parsePathElementKey('v:5')).toEqual(v(5));
    expect(() => parsePathElementKey('x:foo')).toThrow('invalid key "x:foo": expected one of the prefixes "f:", "k:", "v:", "i:" or "."');
    expect(() => parsePathElementKey('k:{bad')).toThrow(/^invalid key "k:\{bad": /);
  });

  it('print paths as upstream messages do', () => {
    expect(fieldPathText([f('spec'), f('containers'), k([['name', 'app']]), f('ports'), k([['containerPort', 80], ['protocol', 'TCP']])])).toBe(
      '.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"]',
    );
    expect(fieldPathText([f('metadata'), f('finalizers'), v('a')])).toBe('.metadata.finalizers[="a"]');
  });
});

describe('FieldSet', () => {
  const a = FieldSet.of([[f('spec'), f('replicas')], [f('metadata'), f('labels'), f('app')], [f('metadata'), f('labels')]]);
  const b = FieldSet.of([[f('spec'), f('replicas')], [f('spec'), f('paused')], [f('metadata'), f('labels')]]);

  it('unions, subtracts and intersects trees of paths', () => {
    expect(fieldSetToFieldsV1(a.union(b))).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:paused': {}, 'f:replicas': {} },
    });
    expect(fieldSetToFieldsV1(a.difference(b))).toEqual({ 'f:metadata': { 'f:labels': { 'f:app': {} } } });
    expect(fieldSetToFieldsV1(a.intersection(b))).toEqual({ 'f:metadata': { 'f:labels': {} }, 'f:spec': { 'f:replicas': {} } });
    expect(a.difference(a).isEmpty()).toBe(true);
    expect(a.has([f('metadata'), f('labels')])).toBe(true);
    expect(a.has([f('metadata')])).toBe(false);
  });

  it('lists paths members first, then children, each in upstream order', () => {
    expect(a.union(b).paths().map(fieldPathText)).toEqual(['.metadata.labels', '.metadata.labels.app', '.spec.paused', '.spec.replicas']);
  });
});

describe('FieldsV1', () => {
  it('serialises in upstream key order: ".", fields, keys, values', () => {
    const set = FieldSet.of([
      [f('spec'), f('containers'), k([['name', 'b']])],
      [f('spec'), f('containers'), k([['name', 'a']])],
      [f('spec'), f('containers'), k([['name', 'a']]), f('image')],
      [f('metadata'), f('finalizers'), v('z')],
      [f('metadata'), f('finalizers'), v('a')],
    ]);
    const encoded = fieldSetToFieldsV1(set);
    expect(JSON.stringify(encoded)).toBe(
      '{"f:metadata":{"f:finalizers":{"v:\\"a\\"":{},"v:\\"z\\"":{}}},' +
        '"f:spec":{"f:containers":{"k:{\\"name\\":\\"a\\"}":{".":{},"f:image":{}},"k:{\\"name\\":\\"b\\"}":{}}}}',
    );
    expect(fieldsV1ToFieldSet(encoded).equals(set)).toBe(true);
    expect(fieldsV1ToFieldSet(JSON.stringify(encoded)).equals(set)).toBe(true);
  });

  it('refuses malformed FieldsV1 naming where', () => {
    expect(() => fieldsV1ToFieldSet({ 'f:spec': { 'q:x': {} } })).toThrow('fieldsV1 at .spec: invalid key "q:x"');
    expect(() => fieldsV1ToFieldSet({ 'f:spec': 3 })).toThrow('fieldsV1 at .spec: expected a JSON object, got 3');
    expect(() => fieldsV1ToFieldSet('{')).toThrow(/^fieldsV1 is not valid JSON/);
    expect(() => fieldsV1ToFieldSet([])).toThrow('fieldsV1 must be a JSON object');
  });
});
