// Built-in objects pass through Go types on a real API server, so every resource.Quantity is stored in
// canonical form ("1000m" -> "1", "0.5" -> "500m", 2 -> "2"). This walks an object with its schema and
// does the same for values whose schema is the Quantity definition. Unparseable values are left for
// validation to report.
import type { SchemaNode } from '../api/schema-types.js';
import { hasOwnField, setOwnField } from './own-property.js';
import { canonicalQuantity } from './quantity.js';
import type { SchemaWalker } from './schema-walk.js';

export const quantityDefinition = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function canonical(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  try {
    return canonicalQuantity(String(value));
  } catch {
    return value;
  }
}

function walk(value: unknown, node: SchemaNode | undefined, walker: SchemaWalker): unknown {
  if (node === undefined) return value;
  if (node.$ref === quantityDefinition) return canonical(value);
  const schema = walker.resolve(node);
  if (schema === undefined) return value;
  if (Array.isArray(value)) return schema.items === undefined ? value : value.map((item) => walk(item, schema.items, walker));
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  const properties = schema.properties ?? {};
  const extra = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const property = hasOwnField(properties, key) ? properties[key] : typeof extra === 'object' ? extra : undefined;
    setOwnField(result, key, walk(child, property, walker));
  }
  return result;
}

/** A copy of `obj` with every Quantity-typed value in canonical form (the input is not modified). */
export function canonicalizeQuantities<T>(obj: T, schema: SchemaNode | undefined, walker: SchemaWalker): T {
  return walk(obj, schema, walker) as T;
}
