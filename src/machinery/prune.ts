// Structural pruning for custom resources (upstream apiextensions structural/pruning): fields the
// schema does not declare are dropped, except under x-kubernetes-preserve-unknown-fields, and
// apiVersion/kind/metadata at the root and in embedded resources.
import type { SchemaNode } from '../api/schema-types.js';
import { childPath, indexPath, keyPath } from './field-errors.js';
import type { SchemaWalker } from './schema-walk.js';
import { objectMetaFields } from './object-meta-fields.js';
import { hasOwnField, setOwnField } from './own-property.js';
import { cloneJson } from './json-clone.js';

export interface PruneResult<T> {
  /** A pruned copy; the input is not modified. */
  object: T;
  /** Paths of dropped fields in upstream notation (`spec.foo`, `spec.list[0].bar`). */
  prunedPaths: string[];
}

const resourceFields = new Set(['apiVersion', 'kind', 'metadata']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Subtrees kept as they are still get copied, so the result never shares structure with the input. */
function kept(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? cloneJson(value) : value;
}

function prune(value: unknown, node: SchemaNode | undefined, walker: SchemaWalker, path: string, keepResourceFields: boolean, pruned: string[]): unknown {
  const schema = walker.resolve(node);
  if (schema === undefined) return kept(value);
  if (Array.isArray(value)) {
    return schema.items === undefined ? kept(value) : value.map((item, index) => prune(item, schema.items, walker, indexPath(path, index), false, pruned));
  }
  if (!isObject(value)) return value;
  const keepResource = keepResourceFields || schema.embeddedResource === true;
  const result: Record<string, unknown> = {};
  const properties = schema.properties ?? {};
  const extra = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const property = hasOwnField(properties, key) ? properties[key] : undefined;
    if (keepResource && key === 'metadata' && isObject(child)) {
      setOwnField(result, key, pruneObjectMeta(child, childPath(path, key), pruned));
    } else if (property !== undefined) {
      setOwnField(result, key, prune(child, property, walker, childPath(path, key), false, pruned));
    } else if (typeof extra === 'object') {
      setOwnField(result, key, prune(child, extra, walker, keyPath(path, key), false, pruned));
    } else if (extra === true || schema.preserveUnknownFields === true || (keepResource && resourceFields.has(key))) {
      setOwnField(result, key, kept(child));
    } else {
      pruned.push(childPath(path, key));
    }
  }
  return result;
}

/** Resource metadata is ObjectMeta whatever the schema says: only fields ObjectMeta lacks are dropped. */
function pruneObjectMeta(metadata: Record<string, unknown>, path: string, pruned: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (objectMetaFields.has(key)) setOwnField(result, key, kept(value));
    else pruned.push(childPath(path, key));
  }
  return result;
}

/** Drops fields unknown to a CRD's structural schema; apiVersion, kind and metadata stay at the root. */
export function pruneUnknownFields<T>(obj: T, schema: SchemaNode | undefined, walker: SchemaWalker): PruneResult<T> {
  const prunedPaths: string[] = [];
  const object = prune(obj, schema, walker, '', true, prunedPaths) as T;
  return { object, prunedPaths };
}
