// Deep equality of JSON values, ignoring object key order and null/undefined members (what a server
// round trip may change).
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const ak = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] != null);
  const bk = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] != null);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
