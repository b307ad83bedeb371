// Strategic merge patch (application/strategic-merge-patch+json), driven by the schema's
// x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key, following upstream's
// k8s.io/apimachinery/pkg/util/strategicpatch semantics:
//  - maps merge recursively, `null` deletes a field; fields without a schema behave like merge patch;
//  - lists with strategy "merge" merge by their merge key (lists of maps) or are unioned (primitives);
//    other lists are replaced;
//  - directives: `$patch: replace|delete` (maps and list elements), `$retainKeys`,
//    `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`.
// Merged lists keep the patch's order for patched items and interleave the server-only items by their
// live order, as upstream's normalizeElementOrder does.
import { isDeepStrictEqual } from 'node:util';
import type { SchemaNode } from '../api/schema-types.js';
import { unprocessableEntity } from './errors.js';
import { createSchemaWalker, type SchemaWalker } from './schema-walk.js';
import { hasOwnField, setOwnField } from './own-property.js';
import { cloneJson } from './json-clone.js';

type JsonMap = Record<string, unknown>;

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';
const setElementOrderPrefix = '$setElementOrder/';

/** Equality of list items and merge-key values: scalars (the common case) compare directly. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  return isDeepStrictEqual(a, b);
}

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class PatchFailure extends Error {}

function fail(message: string): never {
  throw new PatchFailure(message);
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

interface FieldMeta {
  schema: SchemaNode | undefined;
  strategies: string[];
  mergeKey: string | undefined;
}

class StrategicMerger {
  constructor(private readonly walker: SchemaWalker) {}

  private fieldMeta(parent: SchemaNode | undefined, key: string): FieldMeta {
    const schema = this.walker.field(parent, key);
    const strategies = (schema?.patchStrategy ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    return { schema, strategies, mergeKey: schema?.patchMergeKey };
  }

  mergeMap(original: JsonMap, patch: JsonMap, schema: SchemaNode | undefined): JsonMap {
    const directive = patch[directiveMarker];
    if (directive !== undefined) {
      if (directive === 'replace') {
        const { [directiveMarker]: _marker, ...rest } = patch;
        return this.fresh(rest, schema) as JsonMap;
      }
      if (directive === 'delete') return {};
      if (directive !== 'merge') fail(`unknown patch type: ${String(directive)} in map: ${show(patch)}`);
    }
    const result: JsonMap = { ...original };
    const remaining: JsonMap = { ...patch };
    delete remaining[directiveMarker];
    this.applyRetainKeys(result, remaining);
    this.applySetElementOrder(result, remaining, schema);
    for (const [key, patchValue] of Object.entries(remaining)) {
      if (key.startsWith(deleteFromPrimitiveListPrefix)) {
        const field = key.slice(deleteFromPrimitiveListPrefix.length);
        if (!Array.isArray(patchValue)) fail(`${key} must be a list, got ${show(patchValue)}`);
        const current = hasOwnField(result, field) ? result[field] : undefined;
        if (Array.isArray(current)) setOwnField(result, field, current.filter((item) => !patchValue.some((gone) => same(gone, item))));
        continue;
      }
      if (key.startsWith(setElementOrderPrefix)) continue;
      if (patchValue === null) {
        delete result[key];
        continue;
      }
      const meta = this.fieldMeta(schema, key);
      if (!hasOwnField(result, key) || result[key] === null) {
        setOwnField(result, key, this.fresh(patchValue, meta.schema, meta));
        continue;
      }
      setOwnField(result, key, this.mergeValue(result[key], patchValue, meta));
    }
    return result;
  }

  private mergeValue(original: unknown, patch: unknown, meta: FieldMeta): unknown {
    if (isMap(original) && isMap(patch)) {
      if (meta.strategies.includes('replace')) return this.fresh(patch, meta.schema);
      return this.mergeMap(original, patch, meta.schema);
    }
    if (Array.isArray(original) && Array.isArray(patch)) {
      if (meta.strategies.includes('merge')) return this.mergeList(original, patch, meta);
      return this.replaceList(patch, meta);
    }
    return this.fresh(patch, meta.schema, meta);
  }

  /** A patch value with no original counterpart: nulls and directives dropped, as upstream does. */
  private fresh(value: unknown, schema: SchemaNode | undefined, meta?: FieldMeta): unknown {
    if (isMap(value)) return this.mergeMap({}, value, schema);
    if (Array.isArray(value)) {
      const listMeta = meta ?? { schema, strategies: [], mergeKey: undefined };
      return listMeta.strategies.includes('merge') ? this.mergeList([], value, listMeta) : this.replaceList(value, listMeta);
    }
    return value;
  }

  private replaceList(patch: unknown[], meta: FieldMeta): unknown[] {
    const itemSchema = this.walker.items(meta.schema);
    return patch
      .filter((item) => !(isMap(item) && item[directiveMarker] === 'replace' && Object.keys(item).length === 1))
      .map((item) => (isMap(item) ? this.mergeMap({}, item, itemSchema) : item));
  }

  private mergeList(original: unknown[], patch: unknown[], meta: FieldMeta): unknown[] {
    if (original.length === 0 && patch.length === 0) return original;
    const itemSchema = this.walker.items(meta.schema);
    const mapItems = [...original, ...patch].some(isMap);
    let merged: unknown[];
    let base = original;
    let patchItems = patch;
    if (!mapItems) {
      merged = [];
      for (const item of [...original, ...patch]) {
        if (!merged.some((existing) => same(existing, item))) merged.push(item);
      }
    } else {
      const mergeKey = meta.mergeKey;
      if (mergeKey === undefined || mergeKey === '') fail('cannot merge lists without merge key');
      for (const item of [...original, ...patch]) {
        if (!isMap(item)) fail(`list mixes maps and other values: ${show(item)}`);
      }
      [base, patchItems] = this.specialElements(original as JsonMap[], patch as JsonMap[], mergeKey);
      merged = [...base];
      for (const item of patchItems as JsonMap[]) {
        if (!(mergeKey in item)) fail(`map: ${show(item)} does not contain declared merge key: ${mergeKey}`);
        const at = merged.findIndex((existing) => same((existing as JsonMap)[mergeKey], item[mergeKey]));
        if (at >= 0) merged[at] = this.mergeMap(merged[at] as JsonMap, item, itemSchema);
        else merged.push(this.mergeMap({}, item, itemSchema));
      }
    }
    return orderMerged(merged, patchItems, base, meta.mergeKey);
  }

  /** Handles `$patch` elements of a merged list; returns the original and patch left to merge. */
  private specialElements(original: JsonMap[], patch: JsonMap[], mergeKey: string): [JsonMap[], JsonMap[]] {
    let base = original;
    const plain: JsonMap[] = [];
    let replace = false;
    for (const item of patch) {
      const directive = item[directiveMarker];
      if (directive === undefined) {
        plain.push(item);
      } else if (directive === 'delete') {
        if (!(mergeKey in item)) fail(`map: ${show(item)} does not contain declared merge key: ${mergeKey}`);
        base = base.filter((existing) => !same(existing[mergeKey], item[mergeKey]));
      } else if (directive === 'replace') {
        replace = true;
      } else if (directive === 'merge') {
        fail('merging lists cannot yet be specified in the patch');
      } else {
        fail(`unknown patch type: ${String(directive)} in map: ${show(item)}`);
      }
    }
    return replace ? [[], plain] : [base, plain];
  }

  private applyRetainKeys(original: JsonMap, patch: JsonMap): void {
    if (!(retainKeysDirective in patch)) return;
    const retain = patch[retainKeysDirective];
    delete patch[retainKeysDirective];
    if (!Array.isArray(retain)) fail('invalid patch format of retainKeys');
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || key.startsWith(deleteFromPrimitiveListPrefix) || key.startsWith(setElementOrderPrefix)) continue;
      if (!retain.includes(key)) fail(`invalid patch format of retainKeys: ${JSON.stringify(key)} is not in the $retainKeys list`);
    }
    for (const key of Object.keys(original)) {
      if (!retain.includes(key)) delete original[key];
    }
  }

  private applySetElementOrder(original: JsonMap, patch: JsonMap, schema: SchemaNode | undefined): void {
    for (const [key, order] of Object.entries(patch)) {
      if (!key.startsWith(setElementOrderPrefix)) continue;
      const field = key.slice(setElementOrderPrefix.length);
      if (!Array.isArray(order)) fail(`${key} must be a list, got ${show(order)}`);
      const inOriginal = hasOwnField(original, field) && Array.isArray(original[field]);
      const inPatch = hasOwnField(patch, field) && Array.isArray(patch[field]);
      const originalList = inOriginal ? (original[field] as unknown[]) : [];
      const patchList = inPatch ? (patch[field] as unknown[]) : [];
      delete patch[key];
      if (!inOriginal && !inPatch) continue;
      const meta = this.fieldMeta(schema, field);
      let merged: unknown[];
      if (!inPatch) merged = originalList;
      else if (meta.strategies.includes('merge')) merged = this.mergeList(originalList, patchList, meta);
      else merged = this.replaceList(patchList, meta);
      setOwnField(original, field, orderMerged(merged, order, originalList, meta.mergeKey));
      delete patch[field];
    }
  }
}

function identity(item: unknown, mergeKey: string | undefined): unknown {
  return mergeKey !== undefined && isMap(item) ? item[mergeKey] : item;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string | undefined): number {
  const id = identity(item, mergeKey);
  return list.findIndex((candidate) => same(identity(candidate, mergeKey), id));
}

/**
 * Items named by `patchOrder` come in that order; the others ("server-only") keep their live order
 * and are slotted in before the first patched item that comes after them in the live list.
 */
function orderMerged(merged: unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const fromPatch = merged.filter((item) => indexIn(patchOrder, item, mergeKey) >= 0);
  const serverOnly = merged.filter((item) => indexIn(patchOrder, item, mergeKey) < 0);
  fromPatch.sort((a, b) => indexIn(patchOrder, a, mergeKey) - indexIn(patchOrder, b, mergeKey));
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < fromPatch.length) {
    if (i >= serverOnly.length) result.push(fromPatch[j++]);
    else if (j >= fromPatch.length) result.push(serverOnly[i++]);
    else {
      const left = indexIn(serverOrder, serverOnly[i], mergeKey);
      const right = indexIn(serverOrder, fromPatch[j], mergeKey);
      if (left >= 0 && right >= 0 && left < right) result.push(serverOnly[i++]);
      else result.push(fromPatch[j++]);
    }
  }
  return result;
}

/**
 * Applies a strategic merge patch to `doc` (not modified). `schema` is the object's schema, `walker`
 * resolves its `$ref`s; without a schema every field behaves as in a JSON merge patch.
 * Patches that cannot apply throw a 422 StatusError that says why.
 */
export function applyStrategicMergePatch<T>(doc: T, patch: unknown, schema?: SchemaNode, walker?: SchemaWalker): T {
  if (!isMap(patch)) throw unprocessableEntity(`strategic merge patch must be a JSON object, got ${show(patch)}`);
  const merger = new StrategicMerger(walker ?? createSchemaWalker(() => undefined));
  try {
    return merger.mergeMap(isMap(doc) ? cloneJson(doc) : {}, cloneJson(patch), schema) as T;
  } catch (error) {
    if (error instanceof PatchFailure) throw unprocessableEntity(`strategic merge patch cannot be applied: ${error.message}`);
    throw error;
  }
}
