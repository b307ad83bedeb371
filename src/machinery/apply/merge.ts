// Merging an applied configuration into the live object, as upstream's TypedValue.Merge: the config
// wins on leaves; structs and granular maps merge key by key; set and map lists merge item by item
// (live-only items keep their place, shared items follow the config's order); atomic lists and
// maps are replaced whole.
import type { SchemaNode } from '../../api/schema-types.js';
import { indexListItems } from './compare.js';
import { deepCopy, isJsonObject } from './json-value.js';
import { fieldElement, type FieldPath } from './path-element.js';
import { fieldSchema, isAtomicMap, itemSchema, listRelationship, type TypedContext } from './schema-shape.js';

export function mergeObjects(
  context: TypedContext,
  live: Record<string, unknown>,
  config: Record<string, unknown>,
  schema: SchemaNode | undefined,
): Record<string, unknown> {
  return mergeMaps(context, live, config, schema, []);
}

function isEmptyCollection(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}

function mergeValues(context: TypedContext, live: unknown, config: unknown, schema: SchemaNode | undefined, path: FieldPath): unknown {
  if (config === undefined) return deepCopy(live);
  if (live === undefined || isEmptyCollection(live) || isEmptyCollection(config)) return deepCopy(config);
  if (isJsonObject(live) && isJsonObject(config)) {
    if (isAtomicMap(context, schema)) return deepCopy(config);
    return mergeMaps(context, live, config, schema, path);
  }
  if (Array.isArray(live) && Array.isArray(config)) {
    if (listRelationship(context, schema).kind === 'atomic') return deepCopy(config);
    return mergeLists(context, live, config, schema, path);
  }
  return deepCopy(config);
}

function mergeMaps(
  context: TypedContext,
  live: Record<string, unknown>,
  config: Record<string, unknown>,
  schema: SchemaNode | undefined,
  path: FieldPath,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(live)) {
    if (value === undefined) continue;
    out[key] = mergeValues(context, value, config[key], fieldSchema(context, schema, key), [...path, fieldElement(key)]);
  }
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || Object.prototype.hasOwnProperty.call(out, key)) continue;
    out[key] = deepCopy(value);
  }
  return out;
}

/**
 * Live-only items stay where they were; items in both follow the config's order (a shared live item
 * met before its turn is skipped and emitted when the config reaches it); config-only items are
 * inserted where the walk meets them.
 */
function mergeLists(context: TypedContext, live: unknown[], config: unknown[], schema: SchemaNode | undefined, path: FieldPath): unknown[] {
  const liveItems = [...indexListItems(context, live, schema, path).entries()];
  const configItems = [...indexListItems(context, config, schema, path).entries()];
  const liveByKey = new Map(liveItems);
  const configByKey = new Map(configItems);
  const items = itemSchema(context, schema);
  const sharedOrder = configItems.filter(([identity]) => liveByKey.has(identity)).map(([identity]) => identity);
  let nextSharedIndex = 0;
  const emitted = new Set<string>();
  const out: unknown[] = [];
  const emit = (identity: string): void => {
    emitted.add(identity);
    const liveEntry = liveByKey.get(identity);
    const configEntry = configByKey.get(identity);
    const element = (configEntry ?? liveEntry)!.element;
    out.push(mergeValues(context, liveEntry?.item, configEntry?.item, items, [...path, element]));
    if (sharedOrder[nextSharedIndex] === identity) nextSharedIndex += 1;
  };
  let liveIndex = 0;
  let configIndex = 0;
  while (liveIndex < liveItems.length || configIndex < configItems.length) {
    const liveIdentity = liveItems[liveIndex]?.[0];
    const configIdentity = configItems[configIndex]?.[0];
    if (liveIdentity !== undefined && configIdentity !== undefined) {
      if (liveIdentity === configIdentity) {
        emit(liveIdentity);
        liveIndex += 1;
        configIndex += 1;
        continue;
      }
      const nextShared = sharedOrder[nextSharedIndex];
      if (configByKey.has(liveIdentity) && nextShared !== undefined && nextShared !== liveIdentity) {
        liveIndex += 1;
        continue;
      }
    }
    if (liveIdentity !== undefined) {
      if (!configByKey.has(liveIdentity)) {
        emit(liveIdentity);
        liveIndex += 1;
        continue;
      }
      if (emitted.has(liveIdentity)) {
        liveIndex += 1;
        continue;
      }
    }
    if (configIdentity !== undefined) {
      emit(configIdentity);
      configIndex += 1;
    }
  }
  return out;
}
