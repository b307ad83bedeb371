// A manager's field set left as the FieldsV1 JSON it was stored as, for as long as a write does not
// change it. Most writes change one manager's fields and no other's: those others (and a writer that
// already owned what it changed, as a lease renewal) then cost a check against the few changed paths
// and a copy of their JSON, not a decode and an encode. Only canonical JSON — exactly what encoding
// the decoded set would print — stays as it is, so the output is the same either way.
import type { FieldSet } from './field-set.js';
import { fieldsV1ToFieldSet, type FieldsV1 } from './fields-v1.js';
import { compareStrings, isJsonObject } from './json-value.js';
import { comparePathElements, parsePathElementKey, pathElementKey, type PathElement } from './path-element.js';
import type { ManagedFieldsOperation, ManagerFields } from './managed-fields.js';

/** A ManagerFields whose `set` is decoded from `source` on first use; `source` is dropped once `set` is replaced. */
export class StoredManagerFields implements ManagerFields {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  subresource?: string;
  time?: string;
  /** The canonical FieldsV1 this manager's fields still are, if unchanged since decoding. */
  source: FieldsV1 | undefined;
  private decoded: FieldSet | undefined;

  constructor(fields: Omit<ManagerFields, 'set'>, source: FieldsV1) {
    this.manager = fields.manager;
    this.operation = fields.operation;
    this.apiVersion = fields.apiVersion;
    if (fields.subresource !== undefined) this.subresource = fields.subresource;
    if (fields.time !== undefined) this.time = fields.time;
    this.source = source;
  }

  get set(): FieldSet {
    this.decoded ??= fieldsV1ToFieldSet(this.source);
    return this.decoded;
  }

  set set(value: FieldSet) {
    if (value === this.decoded) return;
    this.decoded = value;
    this.source = undefined;
  }
}

/** The stored JSON of a manager whose fields are unchanged, if it has one. */
export function storedSource(record: ManagerFields): FieldsV1 | undefined {
  return record instanceof StoredManagerFields ? record.source : undefined;
}

/** Whether the manager has no fields (without decoding a stored set: canonical JSON has no empty levels). */
export function ownsNothing(record: ManagerFields): boolean {
  const source = storedSource(record);
  return source === undefined ? record.set.isEmpty() : isEmptyObject(source);
}

/** Takes `fields` away from the manager; a stored set that holds none of them stays as it is. */
export function removeFields(record: ManagerFields, fields: FieldSet): void {
  const source = storedSource(record);
  if (source !== undefined && !overlaps(source, fields)) return;
  record.set = record.set.without(fields);
}

/** Whether the manager owns every path of `fields`. */
export function ownsAll(record: ManagerFields, fields: FieldSet): boolean {
  const source = storedSource(record);
  return source === undefined ? record.set.containsAll(fields) : containsAll(source, fields);
}

/** A fresh copy of stored FieldsV1 (objects of objects). */
export function copyFieldsV1(source: FieldsV1): FieldsV1 {
  const copy: FieldsV1 = {};
  for (const key in source) copy[key] = copyFieldsV1(source[key]);
  return copy;
}

function isEmptyObject(value: object): boolean {
  for (const _key in value) return false;
  return true;
}

function isMemberNode(node: FieldsV1): boolean {
  return isEmptyObject(node) || Object.prototype.hasOwnProperty.call(node, '.');
}

function overlaps(node: FieldsV1, set: FieldSet): boolean {
  for (const element of set.unorderedMembers()) {
    const nested = own(node, pathElementKey(element));
    if (nested !== undefined && isMemberNode(nested)) return true;
  }
  for (const { element, set: child } of set.unorderedChildren()) {
    const nested = own(node, pathElementKey(element));
    if (nested !== undefined && overlaps(nested, child)) return true;
  }
  return false;
}

function containsAll(node: FieldsV1, set: FieldSet): boolean {
  for (const element of set.unorderedMembers()) {
    const nested = own(node, pathElementKey(element));
    if (nested === undefined || !isMemberNode(nested)) return false;
  }
  for (const { element, set: child } of set.unorderedChildren()) {
    if (child.isEmpty()) continue;
    const nested = own(node, pathElementKey(element));
    if (nested === undefined || !containsAll(nested, child)) return false;
  }
  return true;
}

function own(node: FieldsV1, key: string): FieldsV1 | undefined {
  return Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
}

/**
 * Whether `value` is FieldsV1 exactly as encoding its decoded set prints it: no "." at the top, "."
 * first and only beside other keys below, no empty levels other than members, every key in its
 * printed form, keys in upstream's order. Anything else (and anything malformed) is decoded instead.
 */
export function isCanonicalFieldsV1(value: unknown): value is FieldsV1 {
  return isJsonObject(value) && canonicalLevel(value, false);
}

function canonicalLevel(node: Record<string, unknown>, withSelf: boolean): boolean {
  let expectSelf = withSelf;
  let previousKey: string | undefined;
  let elements = 0;
  for (const key in node) {
    const nested = node[key];
    if (!isJsonObject(nested)) return false;
    if (expectSelf) {
      if (key !== '.' || !isEmptyObject(nested)) return false;
      expectSelf = false;
      continue;
    }
    if (key === '.') return false;
    if (!canonicalKey(key)) return false;
    if (previousKey !== undefined && compareKeys(previousKey, key) >= 0) return false;
    previousKey = key;
    elements += 1;
    if (!isEmptyObject(nested) && !canonicalLevel(nested, Object.prototype.hasOwnProperty.call(nested, '.'))) return false;
  }
  // A "." level needs something beside it (else it prints as {}); below the top, levels are not empty.
  return withSelf ? elements > 0 : true;
}

const kindRank: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** comparePathElements on printed keys, without parsing field names. */
function compareKeys(left: string, right: string): number {
  const leftRank = kindRank[left[0]];
  const rightRank = kindRank[right[0]];
  if (leftRank !== rightRank) return leftRank - rightRank;
  if (leftRank === 0) return compareStrings(left, right);
  return comparePathElements(parsedKey(left)!, parsedKey(right)!);
}

function canonicalKey(key: string): boolean {
  if (key.startsWith('f:')) return true;
  const element = parsedKey(key);
  return element !== undefined && pathElementKey(element) === key;
}

// Key, value and index elements recur across objects ({"type":"Ready"}, {"name":"app"}...): parsed once.
const parsedKeys = new Map<string, PathElement | null>();
const parsedKeysLimit = 4096;

function parsedKey(key: string): PathElement | undefined {
  let element = parsedKeys.get(key);
  if (element === undefined) {
    try {
      element = key[1] === ':' && key[0] in kindRank ? parsePathElementKey(key) : null;
    } catch {
      element = null;
    }
    if (parsedKeys.size >= parsedKeysLimit) parsedKeys.clear();
    parsedKeys.set(key, element);
  }
  return element ?? undefined;
}
