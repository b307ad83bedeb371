// Resource quantities as upstream's k8s.io/apimachinery/pkg/api/resource: exact decimal values
// (BigInt mantissa x 10^exponent), parsed from "500m", "1.5Gi", "1e3", "2k", ..., printed in the
// canonical form upstream serializes ("1000m" -> "1", "0.5" -> "500m", "1.5Gi" -> "1536Mi").
import { hasOwnField } from './own-property.js';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = mantissa * 10^exponent, exactly. */
  mantissa: bigint;
  exponent: number;
  /** The suffix family the quantity was written in; drives its canonical printing. */
  format: QuantityFormat;
}

export const quantityPatternMessage =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalByExponent = new Map(Object.entries(decimalSuffixes).map(([suffix, exponent]) => [exponent, suffix]));
const binaryByPower = new Map(Object.entries(binarySuffixes).map(([suffix, power]) => [power / 10, suffix]));
const nanoExponent = -9;
const maxExponent = 1000;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

// Every pod's requests and limits are parsed on each write, and a cluster uses few distinct quantities
// ("10m", "128Mi"), so parses are remembered (frozen: callers share them). Bounded: cleared when full.
const parsed = new Map<string, Readonly<Quantity> | string>();
const maxParsed = 4096;

/** Parses a quantity; bad input throws an Error with upstream's message. */
export function parseQuantity(text: string): Quantity {
  let result = parsed.get(text);
  if (result === undefined) {
    try {
      result = Object.freeze(parseUncached(text));
    } catch (error) {
      if (!(error instanceof Error) || error.constructor !== Error) throw error;
      result = error.message;
    }
    if (parsed.size >= maxParsed) parsed.clear();
    parsed.set(text, result);
  }
  if (typeof result === 'string') throw new Error(result);
  return result;
}

function parseUncached(text: string): Quantity {
  const match = /^([+-]?)(\d+\.?\d*|\.\d+)(.*)$/.exec(text.trim());
  if (match === null || text.trim() === '') throw new Error(quantityPatternMessage);
  const [, sign, number, suffix] = match;
  const [whole, fraction = ''] = number.split('.');
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  let format: QuantityFormat;
  if (hasOwnField(decimalSuffixes, suffix)) {
    format = 'DecimalSI';
    exponent += decimalSuffixes[suffix];
  } else if (hasOwnField(binarySuffixes, suffix)) {
    format = 'BinarySI';
    mantissa *= 2n ** BigInt(binarySuffixes[suffix]);
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    exponent += Number(suffix.slice(1));
  } else if (/^[eEinumkKMGTP]*[-+]?\d*$/.test(suffix)) {
    throw new Error("unable to parse quantity's suffix");
  } else {
    throw new Error(quantityPatternMessage);
  }
  // Far beyond any real quantity (E is 10^18, n is 10^-9); refusing keeps BigInt arithmetic bounded.
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > maxExponent) throw new Error("unable to parse quantity's numeric part");
  if (sign === '-') mantissa = -mantissa;
  // Anything below a nano rounds up (away from zero) to the next nano, as upstream does.
  if (exponent < nanoExponent && mantissa !== 0n) {
    const divisor = pow10(nanoExponent - exponent);
    const magnitude = abs(mantissa);
    const rounded = magnitude / divisor + (magnitude % divisor === 0n ? 0n : 1n);
    mantissa = mantissa < 0n ? -rounded : rounded;
    exponent = nanoExponent;
  }
  if (format === 'BinarySI' && exponent < 0 && abs(mantissa) < pow10(-exponent) && mantissa !== 0n) format = 'DecimalSI';
  return { mantissa, exponent, format };
}

/** Strips trailing zeros of the mantissa into the exponent. */
function normalized(q: Quantity): { mantissa: bigint; exponent: number } {
  let { mantissa, exponent } = q;
  if (mantissa === 0n) return { mantissa, exponent: 0 };
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  return { mantissa, exponent };
}

/** The integer value if the quantity is a whole number, else undefined. */
function wholeValue(q: Quantity): bigint | undefined {
  const { mantissa, exponent } = normalized(q);
  return exponent >= 0 ? mantissa * pow10(exponent) : undefined;
}

function formatDecimal(q: Quantity, format: 'DecimalSI' | 'DecimalExponent'): string {
  let { mantissa, exponent } = normalized(q);
  const remainder = ((exponent % 3) + 3) % 3;
  mantissa *= pow10(remainder);
  exponent -= remainder;
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  if (exponent > 18) {
    mantissa *= pow10(exponent - 18);
    exponent = 18;
  }
  return `${mantissa}${decimalByExponent.get(exponent) ?? ''}`;
}

/** Canonical string form, as upstream serializes quantities. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  const whole = wholeValue(q);
  if (format === 'BinarySI' && (whole === undefined || abs(whole) < 1024n)) format = 'DecimalSI';
  if (format !== 'BinarySI' || whole === undefined) return formatDecimal(q, format === 'BinarySI' ? 'DecimalSI' : format);
  let amount = whole;
  let power = 0;
  while (power < 6 && amount % 1024n === 0n) {
    amount /= 1024n;
    power += 1;
  }
  return `${amount}${binaryByPower.get(power) ?? ''}`;
}

/** Parses and re-prints: "1000m" -> "1", "0.5" -> "500m", "1Gi" -> "1Gi". */
export function canonicalQuantity(text: string): string {
  return formatQuantity(parseQuantity(text));
}

function asQuantity(value: Quantity | string | number): Quantity {
  if (typeof value === 'string') return parseQuantity(value);
  if (typeof value === 'number') return parseQuantity(String(value));
  return value;
}

/** -1, 0 or 1 as a < b, a = b, a > b (exact, any formats). */
export function compareQuantities(a: Quantity | string | number, b: Quantity | string | number): -1 | 0 | 1 {
  const left = asQuantity(a);
  const right = asQuantity(b);
  const exponent = Math.min(left.exponent, right.exponent);
  const l = left.mantissa * pow10(left.exponent - exponent);
  const r = right.mantissa * pow10(right.exponent - exponent);
  return l < r ? -1 : l > r ? 1 : 0;
}

/** a + b, keeping a's format. */
export function addQuantities(a: Quantity | string | number, b: Quantity | string | number): Quantity {
  const left = asQuantity(a);
  const right = asQuantity(b);
  const exponent = Math.min(left.exponent, right.exponent);
  const mantissa = left.mantissa * pow10(left.exponent - exponent) + right.mantissa * pow10(right.exponent - exponent);
  return { mantissa, exponent, format: left.format };
}

/** The value at 10^scale units, rounded up (away from zero) like upstream's ScaledValue. */
function scaledValue(q: Quantity, scale: number): bigint {
  const shift = q.exponent - scale;
  if (shift >= 0) return q.mantissa * pow10(shift);
  const divisor = pow10(-shift);
  const magnitude = abs(q.mantissa);
  const rounded = magnitude / divisor + (magnitude % divisor === 0n ? 0n : 1n);
  return q.mantissa < 0n ? -rounded : rounded;
}

/** Whole units, rounded up ("1500m" -> 2n), as upstream's Value(). */
export function quantityValue(q: Quantity | string | number): bigint {
  return scaledValue(asQuantity(q), 0);
}

/** Thousandths, rounded up ("1.5" -> 1500n, "1n" -> 1n), as upstream's MilliValue(). */
export function quantityMilliValue(q: Quantity | string | number): bigint {
  return scaledValue(asQuantity(q), -3);
}

/** An approximate float, for display and scoring only (never for comparisons). */
export function quantityToNumber(q: Quantity | string | number): number {
  const quantity = asQuantity(q);
  return Number(quantity.mantissa) * 10 ** quantity.exponent;
}
