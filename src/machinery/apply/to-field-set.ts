// The set of fields an object sets, as upstream's TypedValue.ToFieldSet: scalars and atomic lists/maps
// are leaves; every item of a set/map list is a member; map keys that are not struct fields, empty
// maps and nulls are members; struct fields holding non-empty maps are only parents.
import type { SchemaNode } from '../../api/schema-types.js';
import { FieldSet } from './field-set.js';
import { isJsonObject } from './json-value.js';
import { fieldElement, fieldPathText, pathElementKey, type FieldPath } from './path-element.js';
import { fieldSchema, isAtomicMap, isDeclaredField, itemSchema, listItemElement, listRelationship, type TypedContext } from './schema-shape.js';

export function toFieldSet(context: TypedContext, object: Record<string, unknown>, schema: SchemaNode | undefined): FieldSet {
  const set = new FieldSet();
  visitMap(context, object, schema, [], set);
  return set;
}

function visit(context: TypedContext, value: unknown, schema: SchemaNode | undefined, path: FieldPath, set: FieldSet): void {
  if (Array.isArray(value)) {
    visitList(context, value, schema, path, set);
  } else if (isJsonObject(value)) {
    if (isAtomicMap(context, schema)) set.insert(path);
    else visitMap(context, value, schema, path, set);
  } else {
    set.insert(path);
  }
}

function visitMap(context: TypedContext, object: Record<string, unknown>, schema: SchemaNode | undefined, path: FieldPath, set: FieldSet): void {
  for (const [key, child] of Object.entries(object)) {
    if (child === undefined) continue;
    const childPath = [...path, fieldElement(key)];
    visit(context, child, fieldSchema(context, schema, key), childPath, set);
    const emptyMap = isJsonObject(child) && Object.keys(child).length === 0;
    if (child === null || emptyMap || !isDeclaredField(context, schema, key)) set.insert(childPath);
  }
}

function visitList(context: TypedContext, list: unknown[], schema: SchemaNode | undefined, path: FieldPath, set: FieldSet): void {
  const relationship = listRelationship(context, schema);
  if (relationship.kind === 'atomic') {
    set.insert(path);
    return;
  }
  const items = itemSchema(context, schema);
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const element = listItemElement(context, schema, relationship, item, index, path);
    const identity = pathElementKey(element);
    if (seen.has(identity) && context.strict) {
      throw new Error(`${fieldPathText(path)}: duplicate entries for key ${fieldPathText([element])}`);
    }
    seen.add(identity);
    const itemPath = [...path, element];
    visit(context, item, items, itemPath, set);
    set.insert(itemPath);
  });
}
