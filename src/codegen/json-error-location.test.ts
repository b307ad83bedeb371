import { describe, expect, it } from 'vitest';
import { jsonErrorLocation } from './json-error-location.js';

describe('jsonErrorLocation', () => {
  it('points at the first character that breaks the JSON', () => {
    expect(jsonErrorLocation('{\n  "openapi": "3.0.0",\n  "info": }\n')).toBe('3:11');
    expect(jsonErrorLocation('{"a": 1,, "b": 2}')).toBe('1:9');
    expect(jsonErrorLocation('{"a": tru}')).toBe('1:7');
    expect(jsonErrorLocation('[1, 2] x')).toBe('1:8');
    expect(jsonErrorLocation('{"a": "tab\there"}')).toBe('1:11');
  });

  it('points past the end of text that is cut short', () => {
    expect(jsonErrorLocation('{\n  "openapi": ')).toBe('2:14');
    expect(jsonErrorLocation('')).toBe('1:1');
  });

  it('accepts valid JSON of every shape (then the location is the end)', () => {
    expect(jsonErrorLocation('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}')).toBe('1:59');
  });
});
