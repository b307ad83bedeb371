// What changed between two versions of an object, as upstream's TypedValue.Compare: leaves (scalars,
// atomic lists/maps, empty maps/lists) are added, modified or removed; a map, list or list item
// present on one side only is itself added or removed, besides everything under it. Unset fields of
// an object read as Go's zero values would (see zeroValue).
import type { SchemaNode } from '../../api/schema-types.js';
import { getOrCreate } from '../get-or-create.js';
import { FieldSet } from './field-set.js';
import { isJsonObject, jsonEquals } from './json-value.js';
import { fieldElement, pathElementKey, type FieldPath, type PathElement } from './path-element.js';
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
  compareMaps(context, before, after, schema, new Level(undefined, undefined, comparison), { before: true, after: true });
  return comparison;
}

type Kind = 'added' | 'modified' | 'removed';

/**
 * Where the walk is: the results' nodes for this path, made on first use, so each change is one
 * insertion at its level instead of a path built and inserted from the root.
 */
class Level {
  private added?: FieldSet;
  private modified?: FieldSet;
  private removed?: FieldSet;

  constructor(
    private readonly parent: Level | undefined,
    private readonly element: PathElement | undefined,
    private readonly roots?: Comparison,
  ) {}

  insert(kind: Kind, element: PathElement): void {
    this.set(kind).insertMember(element);
  }

  private set(kind: Kind): FieldSet {
    let set = this[kind];
    if (set === undefined) {
      set = this.parent === undefined ? this.roots![kind] : this.parent.set(kind).childOrCreate(this.element!);
      this[kind] = set;
    }
    return set;
  }

  /** The path of this level (for error messages only). */
  path(): FieldPath {
    return this.parent === undefined ? [] : [...this.parent.path(), this.element!];
  }
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
  return isJsonObject(value) && isEmptyObject(value);
}

function isEmptyObject(value: Record<string, unknown>): boolean {
  for (const _key in value) return false;
  return true;
}

/** Compares the values at `element` under `level`. */
function compareValues(
  context: TypedContext,
  before: unknown,
  after: unknown,
  schema: SchemaNode | undefined,
  level: Level,
  element: PathElement,
): void {
  const beforeShape = shapeOf(before);
  const afterShape = shapeOf(after);
  // A null side takes the other side's shape (a nil map or list upstream); differing shapes are a leaf change.
  const shape = beforeShape === 'absent' ? afterShape : afterShape === 'absent' || afterShape === beforeShape ? beforeShape : 'scalar';
  const bothEmpty = isEmptyCollection(before) && isEmptyCollection(after);
  if (shape === 'scalar' || shape === 'absent' || bothEmpty) return compareLeaf(before, after, level, element);
  if (shape === 'map') {
    if (isAtomicMap(context, schema)) return compareLeaf(before, after, level, element);
    compareMaps(context, asMap(before), asMap(after), schema, new Level(level, element), { before: isJsonObject(before), after: isJsonObject(after) });
  } else {
    const relationship = listRelationship(context, schema);
    if (relationship.kind === 'atomic') return compareLeaf(before, after, level, element);
    compareLists(context, asList(before), asList(after), schema, new Level(level, element));
  }
  if (before === undefined) level.insert('added', element);
  else if (after === undefined) level.insert('removed', element);
}

function compareLeaf(before: unknown, after: unknown, level: Level, element: PathElement): void {
  if (before === undefined) level.insert('added', element);
  else if (after === undefined) level.insert('removed', element);
  else if (!jsonEquals(before, after)) level.insert('modified', element);
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
  level: Level,
  presence: Presence,
): void {
  for (const key in before) compareField(context, before, after, schema, level, presence, key);
  for (const key in after) if (!Object.prototype.hasOwnProperty.call(before, key)) compareField(context, before, after, schema, level, presence, key);
}

function compareField(
  context: TypedContext,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  schema: SchemaNode | undefined,
  level: Level,
  presence: Presence,
  key: string,
): void {
  let beforeValue = before[key];
  let afterValue = after[key];
  if (beforeValue === undefined && afterValue === undefined) return;
  // Equal values (the bulk of an object on most writes) change nothing, whatever their shape.
  if (beforeValue !== undefined && afterValue !== undefined && jsonEquals(beforeValue, afterValue)) return;
  const field = fieldOf(context, schema, key);
  const childSchema = field.schema;
  if (beforeValue === undefined && presence.before) beforeValue = field.zero;
  if (afterValue === undefined && presence.after) afterValue = field.zero;
  // Decoding null into a Go field gives its zero value: null and unset are the same state.
  if (presence.before && presence.after && (beforeValue ?? null) === null && (afterValue ?? null) === null) return;
  compareValues(context, beforeValue, afterValue, childSchema, level, field.element);
}

/**
 * What an unset field reads as in upstream, which compares objects decoded into Go structs: a
 * non-pointer struct (published with `default: {}`) is an empty object, any other field without
 * omitempty (published as required) is null, the rest are absent.
 */
function zeroValue(context: TypedContext, parent: SchemaNode | undefined, key: string, field: SchemaNode | undefined): unknown {
  const fallback = field?.default;
  if (isJsonObject(fallback) && Object.keys(fallback).length === 0) return emptyStruct;
  return resolveSchema(context, parent)?.required?.includes(key) === true ? null : undefined;
}

/** Only ever read (compared), so one instance serves every unset struct. */
const emptyStruct = Object.freeze({});

/** What compareField needs of a field, the same for every object of a schema: looked up once. */
interface FieldFacts {
  schema: SchemaNode | undefined;
  zero: unknown;
  element: PathElement;
}

const fieldFacts = new WeakMap<TypedContext['walker'], WeakMap<SchemaNode, Map<string, FieldFacts>>>();

function fieldOf(context: TypedContext, parent: SchemaNode | undefined, key: string): FieldFacts {
  if (parent === undefined) return { schema: undefined, zero: undefined, element: fieldElement(key) };
  const byName = getOrCreate(getOrCreate(fieldFacts, context.walker, () => new WeakMap()), parent, () => new Map<string, FieldFacts>());
  let facts = byName.get(key);
  if (facts === undefined) {
    const schema = fieldSchema(context, parent, key);
    facts = { schema, zero: zeroValue(context, parent, key, schema), element: fieldElement(key) };
    // Map keys (labels, annotations...) are unbounded: only named fields and the first map keys are kept.
    if (byName.size < 256) byName.set(key, facts);
  }
  return facts;
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

function compareLists(context: TypedContext, before: readonly unknown[], after: readonly unknown[], schema: SchemaNode | undefined, level: Level): void {
  if (compareKeyedListsInPlace(context, before, after, schema, level)) return;
  // The path only names items in strict mode's errors.
  const path = context.strict ? level.path() : noPath;
  const beforeItems = indexListItems(context, before, schema, path);
  const afterItems = indexListItems(context, after, schema, path);
  const items = itemSchema(context, schema);
  for (const [identity, { element, item }] of beforeItems) {
    const afterItem = afterItems.get(identity)?.item;
    if (afterItem !== undefined && jsonEquals(item, afterItem)) continue;
    compareValues(context, item, afterItem, items, level, element);
  }
  for (const [identity, { element, item }] of afterItems) {
    if (!beforeItems.has(identity)) compareValues(context, undefined, item, items, level, element);
  }
}

const noPath: FieldPath = [];

/**
 * A map list whose items keep their keys and places (conditions, containers...): items are paired
 * by position, and only those that differ are named and compared. False, having done nothing, for
 * any other list; a later duplicate of a key is skipped, as indexListItems keeps the first.
 */
function compareKeyedListsInPlace(context: TypedContext, before: readonly unknown[], after: readonly unknown[], schema: SchemaNode | undefined, level: Level): boolean {
  if (before.length !== after.length) return false;
  const relationship = listRelationship(context, schema);
  if (relationship.kind !== 'map') return false;
  const { keys } = relationship;
  for (let index = 0; index < before.length; index += 1) {
    if (!sameKeys(before[index], after[index], keys)) return false;
  }
  const items = itemSchema(context, schema);
  const path = context.strict ? level.path() : noPath;
  for (let index = 0; index < before.length; index += 1) {
    const item = before[index];
    if (jsonEquals(item, after[index])) continue;
    let first = true;
    for (let earlier = 0; earlier < index && first; earlier += 1) first = !sameKeys(before[earlier], item, keys);
    if (!first) continue;
    compareValues(context, item, after[index], items, level, listItemElement(context, schema, relationship, item, index, path));
  }
  return true;
}

/** Both are objects with every key field set, to equal values. */
function sameKeys(left: unknown, right: unknown, keys: readonly string[]): boolean {
  if (!isJsonObject(left) || !isJsonObject(right)) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(left, key) || !Object.prototype.hasOwnProperty.call(right, key)) return false;
    if (!jsonEquals(left[key], right[key])) return false;
  }
  return true;
}
