// What changed between two versions of an object, as upstream's TypedValue.Compare: leaves (scalars,
// atomic lists/maps, empty maps/lists) are added, modified or removed; a map, list or list item
// present on one side only is itself added or removed, besides everything under it. Unset fields of
// an object read as Go's zero values would (see zeroValue).
import type { SchemaNode } from '../../../../api/schema-types.js';
import { FieldSet } from '../../field-set.js';
import { isJsonObject, jsonEquals } from '../../json-value.js';
import { fieldElement, pathElementKey, type FieldPath, type PathElement } from '../../path-element.js';
import { fieldSchema, isAtomicMap, itemSchema, listItemElement, listRelationship, resolveSchema, type TypedContext } from './schema-shape.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function compareObjects(
  context: TypedContext,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  schema: SchemaNode | undefined,
): Comparison {
  const comparison: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareMaps(context, before, after, schema, [], comparison, { before: true, after: true });
  return comparison;
}

type Shape = 'absent' | 'list' | 'map' | 'scalar';

function shapeOf(value: unknown): Shape {
  if (value === undefined || value === null) return 'absent';
  if (Array.isArray(value)) return 'list';
  if (isJsonObject(value)) return 'map';
  return 'scalar';
}

function isEmptyCollection(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}

function compareValues(context: TypedContext, before: unknown, after: unknown, schema: SchemaNode | undefined, path: FieldPath, comparison: Comparison): void {
  const beforeShape = shapeOf(before);
  const afterShape = shapeOf(after);
  // A null side takes the other side's shape (a nil map or list upstream); differing shapes are a leaf change.
  const shape = beforeShape === 'absent' ? afterShape : afterShape === 'absent' || afterShape === beforeShape ? beforeShape : 'scalar';
  const bothEmpty = isEmptyCollection(before) && isEmptyCollection(after);
  if (shape === 'scalar' || shape === 'absent' || bothEmpty) return compareLeaf(before, after, path, comparison);
  if (shape === 'map') {
    if (isAtomicMap(context, schema)) return compareLeaf(before, after, path, comparison);
    compareMaps(context, asMap(before), asMap(after), schema, path, comparison, { before: isJsonObject(before), after: isJsonObject(after) });
  } else {
    const relationship = listRelationship(context, schema);
    if (relationship.kind === 'atomic') return compareLeaf(before, after, path, comparison);
    compareLists(context, asList(before), asList(after), schema, path, comparison);
  }
  if (before === undefined) comparison.added.insert(path);
  else if (after === undefined) comparison.removed.insert(path);
}

function compareLeaf(before: unknown, after: unknown, path: FieldPath, comparison: Comparison): void {
  if (before === undefined) comparison.added.insert(path);
  else if (after === undefined) comparison.removed.insert(path);
  else if (!jsonEquals(before, after)) comparison.modified.insert(path);
}

function asMap(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? value : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Which sides hold a real object (as opposed to one absent, whose fields are all absent too). */
interface Presence {
  before: boolean;
  after: boolean;
}

function compareMaps(
  context: TypedContext,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  schema: SchemaNode | undefined,
  path: FieldPath,
  comparison: Comparison,
  presence: Presence,
): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    let beforeValue = before[key];
    let afterValue = after[key];
    if (beforeValue === undefined && afterValue === undefined) continue;
    const childSchema = fieldSchema(context, schema, key);
    if (beforeValue === undefined && presence.before) beforeValue = zeroValue(context, schema, key, childSchema);
    if (afterValue === undefined && presence.after) afterValue = zeroValue(context, schema, key, childSchema);
    // Decoding null into a Go field gives its zero value: null and unset are the same state.
    if (presence.before && presence.after && (beforeValue ?? null) === null && (afterValue ?? null) === null) continue;
    compareValues(context, beforeValue, afterValue, childSchema, [...path, fieldElement(key)], comparison);
  }
}

/**
 * What an unset field reads as in upstream, which compares objects decoded into Go structs: a
 * non-pointer struct (published with `default: {}`) is an empty object, any other field without
 * omitempty (published as required) is null, the rest are absent.
 */
function zeroValue(context: TypedContext, parent: SchemaNode | undefined, key: string, field: SchemaNode | undefined): unknown {
  const fallback = field?.default;
  if (isJsonObject(fallback) && Object.keys(fallback).length === 0) return {};
  return resolveSchema(context, parent)?.required?.includes(key) === true ? null : undefined;
}

/** Items of a set/map list by their path element; the first of duplicates wins. */
export function indexListItems(
  context: TypedContext,
  list: readonly unknown[],
  schema: SchemaNode | undefined,
  path: FieldPath,
): Map<string, { element: PathElement; item: unknown }> {
  const relationship = listRelationship(context, schema);
  const byKey = new Map<string, { element: PathElement; item: unknown }>();
  list.forEach((item, index) => {
    const element = listItemElement(context, schema, relationship, item, index, path);
    const identity = pathElementKey(element);
    if (!byKey.has(identity)) byKey.set(identity, { element, item });
  });
  return byKey;
}

function compareLists(
  context: TypedContext,
  before: readonly unknown[],
  after: readonly unknown[],
  schema: SchemaNode | undefined,
  path: FieldPath,
  comparison: Comparison,
): void {
  const beforeItems = indexListItems(context, before, schema, path);
  const afterItems = indexListItems(context, after, schema, path);
  const items = itemSchema(context, schema);
  for (const [identity, { element, item }] of beforeItems) {
    compareValues(context, item, afterItems.get(identity)?.item, items, [...path, element], comparison);
  }
  for (const [identity, { element, item }] of afterItems) {
    if (!beforeItems.has(identity)) compareValues(context, undefined, item, items, [...path, element], comparison);
  }
}
