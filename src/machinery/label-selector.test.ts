import { describe, expect, it } from 'vitest';
import { StatusError } from './errors.js';
import {
  labelSelectorFromObject,
  matchesLabels,
  parseLabelSelector,
  selectorToString,
  validateLabelSelectorObject,
} from './label-selector.js';

function parseError(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (error) {
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).status.code).toBe(400);
    return (error as StatusError).message;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('parseLabelSelector', () => {
  it('parses every operator of the string form', () => {
    expect(parseLabelSelector('x=a,y==b,z!=c, w in (b, a), v notin (q), u, !t, s>3, r<9').requirements).toEqual([
      { key: 'r', operator: '<', values: ['9'] },
      { key: 's', operator: '>', values: ['3'] },
      { key: 't', operator: '!', values: [] },
      { key: 'u', operator: 'exists', values: [] },
      { key: 'v', operator: 'notin', values: ['q'] },
      { key: 'w', operator: 'in', values: ['a', 'b'] },
      { key: 'x', operator: '=', values: ['a'] },
      { key: 'y', operator: '==', values: ['b'] },
      { key: 'z', operator: '!=', values: ['c'] },
    ]);
  });

  it('empty selects everything; empty values are allowed', () => {
    expect(parseLabelSelector('').requirements).toEqual([]);
    expect(parseLabelSelector('a=').requirements).toEqual([{ key: 'a', operator: '=', values: [''] }]);
    expect(parseLabelSelector('a in (,b)').requirements).toEqual([{ key: 'a', operator: 'in', values: ['', 'b'] }]);
    expect(parseLabelSelector('app.kubernetes.io/name=web').requirements[0].key).toBe('app.kubernetes.io/name');
  });

  it('bad input is a 400 naming the bad part', () => {
    expect(parseError('a b')).toBe(`unable to parse label selector "a b": unable to parse requirement: found 'b', expected: =, !=, ==, in, notin, >, <`);
    expect(parseError('a in b')).toBe(`unable to parse label selector "a in b": unable to parse requirement: found 'b' expected: '('`);
    expect(parseError('a in (b c)')).toContain(`found 'c', expected: ',' or ')'`);
    expect(parseError('a,')).toContain(`found '', expected: identifier after ','`);
    expect(parseError('=b')).toContain(`found '=', expected: !, identifier, or 'end of string'`);
    expect(parseError('a=b c')).toContain(`found 'c', expected: ',' or 'end of string'`);
    expect(parseError('!a=b')).toBe(`unable to parse label selector "!a=b": found '=', expected: ',' or 'end of string'`);
    expect(parseError('a>b')).toContain(`values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`);
    expect(parseError('-a=b')).toContain('key: Invalid value: "-a": name part must consist of alphanumeric characters');
    expect(parseError('a=-b')).toContain('values[0][a]: Invalid value: "-b": a valid label must be an empty string');
  });

  it('round-trips through selectorToString in canonical order', () => {
    const text = 'z!=c,a in (y,x),!b,c,d>1';
    const selector = parseLabelSelector(text);
    expect(selectorToString(selector)).toBe('a in (x,y),!b,c,d>1,z!=c');
    expect(parseLabelSelector(selectorToString(selector))).toEqual(selector);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['version>2', true],
    ['version<3', false],
    ['tier>1', false],
    ['app=web,tier=back', false],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} -> ${expected}`, () => {
      expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
    });
  }
});

describe('metav1.LabelSelector objects', () => {
  it('converts matchLabels and matchExpressions', () => {
    const selector = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists', values: [] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
      ],
    });
    expect(selectorToString(selector)).toBe('app=web,!canary,env notin (dev),tier in (back,front),zone');
    expect(matchesLabels(selector, { app: 'web', tier: 'front', zone: 'a' })).toBe(true);
    expect(matchesLabels(selector, { app: 'web', tier: 'front', zone: 'a', canary: '1' })).toBe(false);
  });

  it('null selects nothing, {} everything', () => {
    expect(matchesLabels(labelSelectorFromObject(null), {})).toBe(false);
    expect(matchesLabels(labelSelectorFromObject({}), { a: 'b' })).toBe(true);
  });

  it('rejects unknown operators and missing values', () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Like', values: ['x'] }] })).toThrow(
      'invalid label selector: "Like" is not a valid label selector operator',
    );
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'constructor' }] })).toThrow(
      'invalid label selector: "constructor" is not a valid label selector operator',
    );
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(
      "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty",
    );
  });

  it('malformed selector objects are clear errors, not crashes', () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: 'b' as unknown as string[] }] })).toThrow(
      'invalid label selector: values of "a" must be a list of strings',
    );
    expect(() => labelSelectorFromObject({ matchLabels: ['x'] as unknown as Record<string, string> })).toThrow('invalid label selector: a label selector is');
    expect(validateLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'In', values: 'b' as unknown as string[] }] }, 'spec.selector').map((e) => e.field)).toEqual([
      'spec.selector.matchExpressions[0].values',
    ]);
  });

  it('validateLabelSelectorObject reports field errors as upstream', () => {
    expect(
      validateLabelSelectorObject(
        {
          matchLabels: { 'bad key!': 'v' },
          matchExpressions: [
            { key: 'a', operator: 'In' },
            { key: 'b', operator: 'Exists', values: ['x'] },
            { key: 'c', operator: 'Gt', values: ['1'] },
          ],
        },
        'spec.selector',
      ).map((e) => [e.type, e.field]),
    ).toEqual([
      ['FieldValueInvalid', 'spec.selector.matchLabels'],
      ['FieldValueRequired', 'spec.selector.matchExpressions[0].values'],
      ['FieldValueForbidden', 'spec.selector.matchExpressions[1].values'],
      ['FieldValueInvalid', 'spec.selector.matchExpressions[2].operator'],
    ]);
  });
});
