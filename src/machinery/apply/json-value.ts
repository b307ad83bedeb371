// JSON values as upstream's structured-merge-diff orders and compares them (value.Compare / value.Equals).

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => jsonEquals(item, right[index]));
  }
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return false;
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && jsonEquals(left[key], right[key]));
  }
  return false;
}

/** JSON text with object keys sorted, so equal values always print the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort(compareStrings);
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Byte-wise comparison of UTF-8 strings, as Go's strings.Compare (UTF-8 byte order is code point order). */
export function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const leftUnit = left.charCodeAt(index);
    const rightUnit = right.charCodeAt(index);
    if (leftUnit === rightUnit) continue;
    if (leftUnit < 0xd800 && rightUnit < 0xd800) return leftUnit - rightUnit;
    return (left.codePointAt(index) ?? 0) - (right.codePointAt(index) ?? 0);
  }
  return left.length - right.length;
}

function typeRank(value: unknown): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return 3;
  if (isJsonObject(value)) return 4;
  return 5; // null
}

/** Total order over JSON values: numbers < strings < booleans < lists < maps < null. */
export function compareJsonValues(left: unknown, right: unknown): number {
  const rankDifference = typeRank(left) - typeRank(right);
  if (rankDifference !== 0) return Math.sign(rankDifference);
  if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
  if (typeof left === 'string' && typeof right === 'string') return compareStrings(left, right);
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
      const itemOrder = compareJsonValues(left[index], right[index]);
      if (itemOrder !== 0) return itemOrder;
    }
    return Math.sign(left.length - right.length);
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const leftKeys = Object.keys(left).sort(compareStrings);
    const rightKeys = Object.keys(right).sort(compareStrings);
    for (let index = 0; index < Math.min(leftKeys.length, rightKeys.length); index += 1) {
      const keyOrder = compareStrings(leftKeys[index], rightKeys[index]);
      if (keyOrder !== 0) return keyOrder;
      const valueOrder = compareJsonValues(left[leftKeys[index]], right[rightKeys[index]]);
      if (valueOrder !== 0) return valueOrder;
    }
    return Math.sign(leftKeys.length - rightKeys.length);
  }
  return 0;
}

/** How upstream prints a value inside a path: strings quoted, maps as {k=v;...}. */
export function valueToPathText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(valueToPathText).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort(compareStrings);
    return `{${keys.map((key) => `${key}=${valueToPathText(value[key])}`).join(';')}}`;
  }
  return String(value);
}

/** A deep copy of a JSON value (faster than structuredClone for the many small values of an object). */
export function deepCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, nested] of Object.entries(value)) copy[key] = deepCopy(nested);
  return copy as T;
}
