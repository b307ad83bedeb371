// Copying and comparing decoded JSON without going through text: a write compares the object it would
// store with the stored one, and copies the stored one for mutators, on every request.

/** A deep copy of a JSON value (objects, arrays, scalars, as JSON.parse produces them). */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = cloneJson(value[i]);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = cloneJson((value as Record<string, unknown>)[key]);
    // JSON.parse makes "__proto__" an own key; plain assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: child, enumerable: true, writable: true, configurable: true });
    else copy[key] = child;
  }
  return copy as T;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** Numbers JSON.stringify writes as null. */
const asJsonScalar = (value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? null : value);

function equalInArray(a: unknown, b: unknown): boolean {
  return jsonEqual(omitted(a) ? null : a, omitted(b) ? null : b);
}

/**
 * Whether `a` and `b` serialize to the same JSON when object keys are sorted (stableStringify
 * equality) without writing either: key order is ignored, keys whose value JSON omits are absent.
 * Keys in `skip` are left out of the comparison of the two top-level objects.
 */
export function jsonEqual(a: unknown, b: unknown, skip?: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return asJsonScalar(a) === asJsonScalar(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalInArray(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(x)) {
    if (omitted(x[key]) || skip?.has(key) === true) continue;
    if (!Object.hasOwn(y, key) || !jsonEqual(x[key], y[key])) return false;
    count++;
  }
  for (const key of Object.keys(y)) if (!omitted(y[key]) && skip?.has(key) !== true) count--;
  return count === 0;
}
