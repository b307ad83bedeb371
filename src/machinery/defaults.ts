// OpenAPI `default`s applied as upstream's structural defaulting: a missing field (or a null in a
// non-nullable field) with a default gets a copy of it, then defaulting recurses into the value, so
// defaults inside defaults apply too. Nulls in non-nullable fields without a default are dropped.
import type { SchemaNode } from '../api/schema-types.js';
import type { SchemaWalker } from './schema-walk.js';
import { hasOwnField, setOwnField } from './own-property.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fill(value: unknown, node: SchemaNode | undefined, walker: SchemaWalker): void {
  const schema = walker.resolve(node);
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    if (schema.items !== undefined) for (const item of value) fill(item, schema.items, walker);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, rawProperty] of Object.entries(schema.properties ?? {})) {
    const property = walker.resolve(rawProperty);
    if (property === undefined) continue;
    const current = value[key];
    const missing = !hasOwnField(value, key) || (current === null && property.nullable !== true);
    if (!missing) continue;
    if (property.default !== undefined) setOwnField(value, key, structuredClone(property.default));
    else if (current === null) delete value[key];
  }
  const extra = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const property = schema.properties !== undefined && hasOwnField(schema.properties, key) ? schema.properties[key] : undefined;
    if (property !== undefined) fill(child, property, walker);
    else if (typeof extra === 'object') fill(child, extra, walker);
  }
}

/** Returns a copy of `obj` with the schema's defaults applied (the input is not modified). */
export function applySchemaDefaults<T>(obj: T, schema: SchemaNode | undefined, walker: SchemaWalker): T {
  const copy = structuredClone(obj);
  fill(copy, schema, walker);
  return copy;
}
