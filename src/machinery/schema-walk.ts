// Walking a structural schema alongside an object: resolve $refs, find the schema of a field or of
// list items. Used by validation, defaulting, pruning, strategic merge patch and server-side apply.
import type { SchemaNode } from '../api/schema-types.js';

/** Resolves `$ref` names to definitions. For built-ins: the generated catalog; for CRDs: their own schema. */
export type RefResolver = (ref: string) => SchemaNode | undefined;

export interface SchemaWalker {
  /** The node itself, with any `$ref` followed (siblings such as description/default kept on top). */
  resolve(node: SchemaNode | undefined): SchemaNode | undefined;
  /** Schema of `node.properties[key]`, or of map values (additionalProperties), resolved. */
  field(node: SchemaNode | undefined, key: string): SchemaNode | undefined;
  /** Schema of the items of a list, resolved. */
  items(node: SchemaNode | undefined): SchemaNode | undefined;
}

export function createSchemaWalker(resolveRef: RefResolver): SchemaWalker {
  // Schemas are immutable data, so each node's resolution is computed once (hot on every request).
  const resolved = new WeakMap<SchemaNode, SchemaNode | null>();
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    if (node === undefined || node.$ref === undefined) return node;
    const cached = resolved.get(node);
    if (cached !== undefined) return cached ?? undefined;
    const result = follow(node);
    resolved.set(node, result ?? null);
    return result;
  };
  const follow = (node: SchemaNode): SchemaNode | undefined => {
    let current: SchemaNode | undefined = node;
    const seen = new Set<string>();
    while (current?.$ref !== undefined) {
      const ref = current.$ref;
      if (seen.has(ref)) return undefined;
      seen.add(ref);
      const target = resolveRef(ref);
      if (target === undefined) return undefined;
      const { $ref: _ignored, ...siblings } = current;
      current = { ...target, ...siblings };
    }
    return current;
  };
  return {
    resolve,
    field(node, key) {
      const parent = resolve(node);
      if (parent === undefined) return undefined;
      const properties = parent.properties;
      const property = properties !== undefined && Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
      if (property !== undefined) return resolve(property);
      const extra = parent.additionalProperties;
      return typeof extra === 'object' ? resolve(extra) : undefined;
    },
    items(node) {
      return resolve(resolve(node)?.items);
    },
  };
}
