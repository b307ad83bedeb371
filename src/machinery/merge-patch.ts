// RFC 7386 JSON merge patch (application/merge-patch+json): objects merge recursively, null deletes,
// anything else (lists included) replaces.
import { isDeepStrictEqual } from 'node:util';
import { hasOwnField, setOwnField } from './own-property.js';
import { cloneJson } from './json-clone.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isPlainObject(doc) ? { ...doc } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setOwnField(result, key, applyMergePatch(hasOwnField(result, key) ? result[key] : undefined, value));
  }
  return result;
}

/** The merge patch that turns `original` into `modified` (RFC 7386 section 3, the inverse direction). */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  if (!isPlainObject(original) || !isPlainObject(modified)) return cloneJson(modified);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(original)) {
    if (!hasOwnField(modified, key)) setOwnField(patch, key, null);
  }
  for (const [key, value] of Object.entries(modified)) {
    const before = hasOwnField(original, key) ? original[key] : undefined;
    if (isPlainObject(before) && isPlainObject(value)) {
      const nested = createMergePatch(before, value) as Record<string, unknown>;
      if (Object.keys(nested).length > 0) setOwnField(patch, key, nested);
    } else if (!isDeepStrictEqual(before, value)) {
      setOwnField(patch, key, cloneJson(value));
    }
  }
  return patch;
}
