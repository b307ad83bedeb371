// OpenAPI `default`s applied as upstream's structural defaulting: a missing field (or a null in a
// non-nullable field) with a default gets a copy of it, then defaulting recurses into the value, so
// defaults inside defaults apply too. Nulls in non-nullable fields without a default are dropped.
// Each schema node is compiled once into a plan (its defaulted fields, its children by name).
import type { SchemaNode } from '../api/schema-types.js';
import type { SchemaWalker } from './schema-walk.js';
import { hasOwnField, setOwnField } from './own-property.js';
import { cloneJson } from './json-clone.js';
import { LazyPlan, planCache } from './plan-cache.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A child schema's plan; null: nothing can change below (or the node does not resolve). */
type Child = LazyPlan<DefaultsPlan>;

function lazyChild(node: SchemaNode, walker: SchemaWalker): Child {
  return new LazyPlan(() => {
    const plan = defaultsPlan(walker, node);
    return plan === undefined || plan.noop ? null : plan;
  });
}

interface Property {
  child: Child;
  /** Whether the property resolves; an unresolvable one is left alone, nulls included. */
  resolves: boolean;
  nullable: boolean;
  hasDefault: boolean;
}

interface Defaulted {
  key: string;
  value: unknown;
  nullable: boolean;
}

interface DefaultsPlan {
  noop: boolean;
  /** Resolvable properties with a default, in schema order (the order missing ones are added in). */
  defaulted: Defaulted[];
  properties: Map<string, Property>;
  extra: Child | undefined;
  items: Child | undefined;
}

const defaultsPlan = planCache<DefaultsPlan>((schema, walker) => {
  const defaulted: Defaulted[] = [];
  const properties = new Map<string, Property>();
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const property = walker.resolve(raw);
    const nullable = property?.nullable === true;
    const hasDefault = property?.default !== undefined;
    if (property !== undefined && hasDefault) defaulted.push({ key, value: property.default, nullable });
    properties.set(key, { child: lazyChild(raw, walker), resolves: property !== undefined, nullable, hasDefault });
  }
  const extra = typeof schema.additionalProperties === 'object' ? lazyChild(schema.additionalProperties, walker) : undefined;
  const items = schema.items !== undefined ? lazyChild(schema.items, walker) : undefined;
  return { noop: properties.size === 0 && extra === undefined && items === undefined, defaulted, properties, extra, items };
});

function fill(value: unknown, plan: DefaultsPlan): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const items = plan.items?.get();
    if (items != null) for (const item of value) fill(item, items);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const { key, value: fallback, nullable } of plan.defaulted) {
    if (!hasOwnField(object, key) || (object[key] === null && !nullable)) setOwnField(object, key, cloneJson(fallback));
  }
  const extra = plan.extra;
  for (const key of Object.keys(object)) {
    const property = plan.properties.get(key);
    const child = object[key];
    if (property !== undefined) {
      if (child === null) {
        if (property.resolves && !property.nullable && !property.hasDefault) delete object[key];
        continue;
      }
      const childPlan = property.child.get();
      if (childPlan !== null) fill(child, childPlan);
    } else if (extra !== undefined && child !== null) {
      const childPlan = extra.get();
      if (childPlan !== null) fill(child, childPlan);
    }
  }
}

/** Returns a copy of `obj` with the schema's defaults applied (the input is not modified). */
export function applySchemaDefaults<T>(obj: T, schema: SchemaNode | undefined, walker: SchemaWalker): T {
  const copy = cloneJson(obj);
  const plan = defaultsPlan(walker, schema);
  if (plan !== undefined && !plan.noop) fill(copy, plan);
  return copy;
}
