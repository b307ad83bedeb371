import { describe, expect, it } from 'vitest';
import {
  addQuantities,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  quantityMilliValue,
  quantityPatternMessage,
  quantityValue,
} from './quantity.js';

describe('canonical quantities (as upstream serializes them)', () => {
  const cases: [string, string][] = [
    ['0', '0'],
    ['0m', '0'],
    ['0Ki', '0'],
    ['1', '1'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['100m', '100m'],
    ['0.1', '100m'],
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['0.001', '1m'],
    ['0.0001', '100u'],
    ['1n', '1n'],
    ['0.1n', '1n'],
    ['1000', '1k'],
    ['10000', '10k'],
    ['12000', '12k'],
    ['1024', '1024'],
    ['12345', '12345'],
    ['1000000', '1M'],
    ['1k', '1k'],
    ['1G', '1G'],
    ['1E', '1E'],
    ['1Ki', '1Ki'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['0.5Ki', '512'],
    ['1.1Ki', '1126400m'],
    ['1Ei', '1Ei'],
    ['1e3', '1e3'],
    ['1E3', '1e3'],
    ['1000e0', '1e3'],
    ['1e-3', '1e-3'],
    ['100e-3', '100e-3'],
    ['-1', '-1'],
    ['-0.5', '-500m'],
    ['-1Gi', '-1Gi'],
    ['+2', '2'],
    ['.5', '500m'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => {
      expect(canonicalQuantity(input)).toBe(expected);
    });
  }
});

describe('parsing', () => {
  it('keeps exact values and formats', () => {
    expect(parseQuantity('1.5Gi')).toEqual({ mantissa: 16106127360n, exponent: -1, format: 'BinarySI' });
    expect(parseQuantity('250m')).toEqual({ mantissa: 250n, exponent: -3, format: 'DecimalSI' });
    expect(parseQuantity('2e6')).toEqual({ mantissa: 2n, exponent: 6, format: 'DecimalExponent' });
  });

  it('rejects bad input with upstream messages', () => {
    expect(() => parseQuantity('')).toThrow(quantityPatternMessage);
    expect(() => parseQuantity('abc')).toThrow(quantityPatternMessage);
    expect(() => parseQuantity('1.2.3')).toThrow(quantityPatternMessage);
    expect(() => parseQuantity('1Z')).toThrow(quantityPatternMessage);
    expect(() => parseQuantity('1kk')).toThrow("unable to parse quantity's suffix");
    expect(() => parseQuantity('1e99999999')).toThrow("unable to parse quantity's numeric part");
    expect(() => parseQuantity('1 Gi')).toThrow(quantityPatternMessage);
    expect(() => parseQuantity('1constructor')).toThrow(quantityPatternMessage);
  });
});

describe('arithmetic', () => {
  it('compares across formats exactly', () => {
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('1000m', '1')).toBe(0);
    expect(compareQuantities('500m', 1)).toBe(-1);
    expect(compareQuantities('1Ki', '1024')).toBe(0);
    expect(compareQuantities('1e3', '1k')).toBe(0);
  });

  it('values round up like upstream Value/MilliValue', () => {
    expect(quantityValue('1500m')).toBe(2n);
    expect(quantityValue('2Ki')).toBe(2048n);
    expect(quantityMilliValue('1.5')).toBe(1500n);
    expect(quantityMilliValue('1n')).toBe(1n);
    expect(quantityMilliValue('-1n')).toBe(-1n);
  });

  it('adds keeping the first format', () => {
    expect(formatQuantity(addQuantities('1Gi', '512Mi'))).toBe('1536Mi');
    expect(formatQuantity(addQuantities('250m', '750m'))).toBe('1');
  });
});

describe('parseQuantity, parsed again', () => {
  it('gives the same value and the same error every time', () => {
    const first = parseQuantity('1.5Gi');
    expect(parseQuantity('1.5Gi')).toEqual(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(formatQuantity(parseQuantity('1.5Gi'))).toBe('1536Mi');
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => parseQuantity('1.5kk')).toThrow("unable to parse quantity's suffix");
      expect(() => parseQuantity('abc')).toThrow(quantityPatternMessage);
    }
  });
});
