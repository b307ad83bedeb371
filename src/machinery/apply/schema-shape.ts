// How a schema node behaves under server-side apply, as upstream's schemaconv reads OpenAPI:
// structs and granular maps recurse, atomic maps and lists are owned whole, map lists are keyed by
// their list-map keys, set lists by their values. Nodes without a schema are "deduced": maps
// recurse, lists are atomic.
import type { SchemaNode } from '../../api/schema-types.js';
import { getOrCreate } from '../get-or-create.js';
import type { SchemaWalker } from '../schema-walk.js';
import { isJsonObject } from './json-value.js';
import { fieldPathText, indexElement, keyElement, valueElement, type FieldPath, type PathElement } from './path-element.js';

export type ListRelationship = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: readonly string[] };

/** A schema walker plus the options of one apply/update call. */
export interface TypedContext {
  readonly walker: SchemaWalker;
  /** Refuse duplicate list keys and items missing key fields (the applied config); live objects are read leniently. */
  readonly strict: boolean;
}

export function resolveSchema(context: TypedContext, node: SchemaNode | undefined): SchemaNode | undefined {
  const resolved = context.walker.resolve(node);
  if (resolved === undefined || resolved.type !== undefined || resolved.properties !== undefined || resolved.allOf?.length !== 1) return resolved;
  // The merged node is made once per walker and node, so callers see one stable node.
  const byWalker = getOrCreate(unwrapped, context.walker, () => new WeakMap<SchemaNode, SchemaNode | null>());
  return getOrCreate(byWalker, resolved, () => unwrapAllOf(context, resolved) ?? null) ?? undefined;
}

const unwrapped = new WeakMap<SchemaWalker, WeakMap<SchemaNode, SchemaNode | null>>();

function unwrapAllOf(context: TypedContext, node: SchemaNode): SchemaNode | undefined {
  let resolved: SchemaNode | undefined = node;
  // OpenAPI v3 wraps a reference with siblings as allOf: [{$ref}].
  while (resolved !== undefined && resolved.type === undefined && resolved.properties === undefined && resolved.allOf?.length === 1) {
    const { allOf, ...siblings } = resolved;
    const inner = context.walker.resolve(allOf[0]);
    resolved = inner === undefined ? undefined : { ...inner, ...siblings };
  }
  return resolved;
}

export function fieldSchema(context: TypedContext, node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (node === undefined) return resolveSchema(context, context.walker.field(undefined, key));
  // Schemas are immutable: a field's resolved schema is looked up once per walker, parent and name.
  const byName = getOrCreate(getOrCreate(fieldSchemas, context.walker, () => new WeakMap()), node, () => new Map<string, SchemaNode | null>());
  let field = byName.get(key);
  if (field === undefined) {
    field = resolveSchema(context, context.walker.field(resolveSchema(context, node), key)) ?? null;
    // Map keys (labels, annotations...) are unbounded: only named fields and the first map keys are kept.
    if (byName.size < 256) byName.set(key, field);
  }
  return field ?? undefined;
}

const fieldSchemas = new WeakMap<SchemaWalker, WeakMap<SchemaNode, Map<string, SchemaNode | null>>>();

export function itemSchema(context: TypedContext, node: SchemaNode | undefined): SchemaNode | undefined {
  return resolveSchema(context, context.walker.items(resolveSchema(context, node)));
}

/** A named field of a struct, as opposed to a key of a map (labels, annotations, data...). */
export function isDeclaredField(context: TypedContext, node: SchemaNode | undefined, key: string): boolean {
  const properties = resolveSchema(context, node)?.properties;
  return properties !== undefined && Object.prototype.hasOwnProperty.call(properties, key);
}

export function isAtomicMap(context: TypedContext, node: SchemaNode | undefined): boolean {
  return resolveSchema(context, node)?.mapType === 'atomic';
}

export function listRelationship(context: TypedContext, node: SchemaNode | undefined): ListRelationship {
  const resolved = resolveSchema(context, node);
  if (resolved === undefined) return { kind: 'atomic' };
  let relationship = relationships.get(resolved);
  if (relationship === undefined) {
    relationship = readRelationship(resolved);
    relationships.set(resolved, relationship);
  }
  return relationship;
}

const relationships = new WeakMap<SchemaNode, ListRelationship>();

function readRelationship(resolved: SchemaNode): ListRelationship {
  switch (resolved.listType) {
    case 'atomic':
      return { kind: 'atomic' };
    case 'set':
      return { kind: 'set' };
    case 'map':
      return resolved.listMapKeys !== undefined && resolved.listMapKeys.length > 0 ? { kind: 'map', keys: resolved.listMapKeys } : { kind: 'set' };
    default:
      break;
  }
  const strategies = (resolved.patchStrategy ?? '').split(',');
  if (strategies.includes('merge')) {
    return resolved.patchMergeKey !== undefined ? { kind: 'map', keys: [resolved.patchMergeKey] } : { kind: 'set' };
  }
  return { kind: 'atomic' };
}

/** The path element naming one item of a set or map list. */
export function listItemElement(
  context: TypedContext,
  listSchema: SchemaNode | undefined,
  relationship: ListRelationship,
  item: unknown,
  index: number,
  listPath: FieldPath,
): PathElement {
  const where = (): string => `${fieldPathText(listPath)}: element ${index}`;
  if (relationship.kind === 'set') {
    if (isJsonObject(item) || Array.isArray(item)) {
      if (context.strict) throw new Error(`${where()}: associative list without keys has an element that is a ${Array.isArray(item) ? 'list' : 'map'}`);
      return indexElement(index);
    }
    return valueElement(item ?? null);
  }
  if (relationship.kind !== 'map') return indexElement(index);
  if (!isJsonObject(item)) {
    if (context.strict) throw new Error(`${where()}: associative list with keys may not have non-map elements`);
    return indexElement(index);
  }
  const itemNode = itemSchema(context, listSchema);
  const fields: Array<[string, unknown]> = [];
  for (const key of relationship.keys) {
    if (Object.prototype.hasOwnProperty.call(item, key)) {
      fields.push([key, item[key]]);
      continue;
    }
    const fallback = fieldSchema(context, itemNode, key)?.default;
    if (fallback !== undefined) {
      fields.push([key, fallback]);
      continue;
    }
    if (context.strict) throw new Error(`${where()}: associative list with keys has an element that omits key field ${JSON.stringify(key)} (and doesn't have default value)`);
    return indexElement(index);
  }
  return keyElement(fields);
}
