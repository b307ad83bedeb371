// Removing owned fields from an object (upstream's TypedValue.RemoveItems) and the schema-aware
// widening of a field set used by pruning (upstream's Set.EnsureNamedFieldsAreMembers).
import type { SchemaNode } from '../../api/schema-types.js';
import { FieldSet } from './field-set.js';
import { isJsonObject } from './json-value.js';
import { fieldElement, type FieldPath } from './path-element.js';
import { fieldSchema, isAtomicMap, isDeclaredField, itemSchema, listItemElement, listRelationship, type TypedContext } from './schema-shape.js';

/**
 * A copy of `value` without the members of `set` (with everything under them). A map or list
 * emptied this way disappears from its parent, as Go's omitempty drops the null it becomes upstream.
 */
export function removeItems(context: TypedContext, object: Record<string, unknown>, set: FieldSet, schema: SchemaNode | undefined): Record<string, unknown> {
  return removeFromMap(context, object, set, schema, []) ?? {};
}

function removeFromValue(context: TypedContext, value: unknown, set: FieldSet, schema: SchemaNode | undefined, path: FieldPath): unknown {
  if (Array.isArray(value)) {
    const relationship = listRelationship(context, schema);
    if (relationship.kind === 'atomic' || value.length === 0) return value;
    const items = itemSchema(context, schema);
    const kept: unknown[] = [];
    value.forEach((item, index) => {
      const element = listItemElement(context, schema, relationship, item, index, path);
      if (set.hasMember(element)) return;
      const below = set.child(element);
      kept.push(below === undefined ? item : removeFromValue(context, item, below, items, [...path, element]));
    });
    return kept.length > 0 ? kept : undefined;
  }
  if (isJsonObject(value)) {
    if (isAtomicMap(context, schema) || Object.keys(value).length === 0) return value;
    return removeFromMap(context, value, set, schema, path);
  }
  return value;
}

function removeFromMap(
  context: TypedContext,
  object: Record<string, unknown>,
  set: FieldSet,
  schema: SchemaNode | undefined,
  path: FieldPath,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const element = fieldElement(key);
    if (set.hasMember(element)) continue;
    const below = set.child(element);
    const kept = below === undefined ? value : removeFromValue(context, value, below, fieldSchema(context, schema, key), [...path, element]);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The set plus every struct field (not map key) that has members below it. */
export function ensureNamedFieldsAreMembers(context: TypedContext, set: FieldSet, schema: SchemaNode | undefined): FieldSet {
  const result = new FieldSet();
  for (const element of set.members()) result.insertMember(element);
  for (const { element, set: below } of set.children()) {
    let childSchema: SchemaNode | undefined;
    if (element.kind === 'field') {
      childSchema = fieldSchema(context, schema, element.name);
      if (isDeclaredField(context, schema, element.name)) result.insertMember(element);
    } else {
      childSchema = itemSchema(context, schema);
    }
    const widened = ensureNamedFieldsAreMembers(context, below, childSchema);
    if (!widened.isEmpty()) result.childOrCreate(element).addAll(widened);
  }
  return result;
}
