import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { findCycles } from './cycle.js';
import { editDistance, suggest } from './did-you-mean.js';
import { isKebabCase, isRateLimit, parseCpu, parseDuration, parseSize } from './units.js';

describe('units', () => {
  it('sizes', () => {
    expect(['0', '512', '64MiB', '64Mi', '1GiB', '2KiB', '3KB', '3k', '5M', '1TB', '1TiB'].map(parseSize)).toEqual([
      0, 512, 67108864, 67108864, 1073741824, 2048, 3000, 3000, 5000000, 1e12, 1099511627776,
    ]);
    expect(['64mb', 'MiB', '1.5GiB', '-1', '64 MiB', '1PiB', '99999999999999GiB'].map(parseSize)).toEqual(Array(7).fill(undefined));
  });

  it('durations', () => {
    expect(['30s', '500ms', '1m30s', '2h', '1h1m1s1ms', '0s'].map(parseDuration)).toEqual([30000, 500, 90000, 7200000, 3661001, 0]);
    expect(['30', 's', '1d', '1.5s', '30 s', ''].map(parseDuration)).toEqual(Array(6).fill(undefined));
  });

  it('cpu', () => {
    expect(['500m', '2', '0.5', '1.25', '0.001', '0m'].map(parseCpu)).toEqual([500, 2000, 500, 1250, 1, 0]);
    expect(['0.0005', 'm', '1.5m', '-1', '2 cores'].map(parseCpu)).toEqual(Array(5).fill(undefined));
  });

  it('rate limits and kebab-case', () => {
    expect(['100/s', '1/m', '5/h', '0/s', '10/d', '10', '/s'].map(isRateLimit)).toEqual([true, true, true, false, false, false, false]);
    expect(['a', 'my-pkg', 'a1-b2', 'A', 'my_pkg', '-a', 'a-', 'a--b', '1a'].map(isKebabCase)).toEqual([true, true, true, false, false, false, false, false, false]);
  });
});

describe('did you mean', () => {
  it('edit distance and the nearest candidate', () => {
    expect(editDistance('versa', 'versao')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggest('versa', ['nome', 'versao', 'kind'])).toBe('versao');
    expect(suggest('maxRestarts', ['max-restarts', 'children'])).toBe('max-restarts');
    expect(suggest('zzzzzz', ['nome', 'versao'])).toBeUndefined();
  });
});

describe('findCycles', () => {
  it('reports each cycle once with its path and first edge', () => {
    const edges = [
      { from: 'a', to: 'b', item: 1 },
      { from: 'b', to: 'c', item: 2 },
      { from: 'c', to: 'a', item: 3 },
      { from: 'c', to: 'd', item: 4 },
      { from: 'd', to: 'd', item: 5 },
      { from: 'e', to: 'a', item: 6 },
    ];
    expect(findCycles(['a', 'b', 'c', 'd', 'e'], edges)).toEqual([
      { path: ['a', 'b', 'c', 'a'], first: 1 },
      { path: ['d', 'd'], first: 5 },
    ]);
    expect(findCycles(['a', 'b'], [{ from: 'a', to: 'b', item: 1 }])).toEqual([]);
  });
});

describe('diagnostics', () => {
  it('prints file:line:col: message and sorts by position', () => {
    const d = (line: number, column: number, message: string): Diagnostic => ({ file: 'caixa.lisp', line, column, severity: 'error', rule: 'check', message });
    expect(formatDiagnostic(d(12, 5, 'bad'))).toBe('caixa.lisp:12:5: bad');
    expect(sortDiagnostics([d(2, 1, 'x'), d(1, 9, 'y'), d(1, 2, 'z'), d(1, 2, 'w')]).map((x) => x.message)).toEqual(['z', 'w', 'y', 'x']);
  });
});
