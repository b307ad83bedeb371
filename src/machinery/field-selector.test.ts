import { describe, expect, it } from 'vitest';
import { StatusError } from './errors.js';
import { fieldSelectorToString, matchesFields, parseFieldSelector, requiredFieldValue } from './field-selector.js';

describe('field selectors', () => {
  it('parses =, == and !=', () => {
    expect(parseFieldSelector('metadata.name=x,status.phase!=Running,spec.nodeName==n1').requirements).toEqual([
      { field: 'metadata.name', operator: '=', value: 'x' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
      { field: 'spec.nodeName', operator: '==', value: 'n1' },
    ]);
    expect(parseFieldSelector('').requirements).toEqual([]);
    expect(parseFieldSelector('spec.nodeName=').requirements).toEqual([{ field: 'spec.nodeName', operator: '=', value: '' }]);
  });

  it('unescapes values and round-trips', () => {
    const selector = parseFieldSelector('a=x\\,y\\=z\\\\,b!=1');
    expect(selector.requirements[0].value).toBe('x,y=z\\');
    expect(parseFieldSelector(fieldSelectorToString(selector))).toEqual(selector);
  });

  it('bad terms are a 400 naming the term', () => {
    let caught: unknown;
    try {
      parseFieldSelector('metadata.name=x,garbage');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatusError);
    expect((caught as StatusError).status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: "invalid selector: 'metadata.name=x,garbage'; can't understand 'garbage'",
    });
    expect(() => parseFieldSelector('a=\\q')).toThrow('invalid escape sequence');
  });

  it('matches flat field maps, missing fields count as empty', () => {
    const fields = { 'metadata.name': 'x', 'status.phase': 'Pending' };
    expect(matchesFields(parseFieldSelector('metadata.name=x'), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running,metadata.name==x'), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase=Running'), fields)).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.nodeName='), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName!=n1'), fields)).toBe(true);
    expect(requiredFieldValue(parseFieldSelector('metadata.name=x'), 'metadata.name')).toBe('x');
  });
});
