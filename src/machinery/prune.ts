// Structural pruning for custom resources (upstream apiextensions structural/pruning): fields the
// schema does not declare are dropped, except under x-kubernetes-preserve-unknown-fields, and
// apiVersion/kind/metadata at the root and in embedded resources. Each schema node is compiled once.
import type { SchemaNode } from '../api/schema-types.js';
import { childPath, indexPath, keyPath } from './field-errors.js';
import type { SchemaWalker } from './schema-walk.js';
import { objectMetaFields } from './object-meta-fields.js';
import { setOwnField } from './own-property.js';
import { cloneJson } from './json-clone.js';
import { LazyPlan, planCache } from './plan-cache.js';

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

/** A child schema's plan; null when the node does not resolve (the value is kept as it is). */
type Child = LazyPlan<PrunePlan>;

const lazyChild = (node: SchemaNode, walker: SchemaWalker): Child => new LazyPlan(() => prunePlan(walker, node) ?? null);

interface PrunePlan {
  embedded: boolean;
  properties: Map<string, Child>;
  extra: Child | undefined;
  /** Fields without a schema stay: additionalProperties true, preserve-unknown-fields. */
  keepUnknown: boolean;
  items: Child | undefined;
}

const prunePlan = planCache<PrunePlan>((schema, walker) => {
  const properties = new Map<string, Child>();
  for (const [key, node] of Object.entries(schema.properties ?? {})) properties.set(key, lazyChild(node, walker));
  const extra = schema.additionalProperties;
  return {
    embedded: schema.embeddedResource === true,
    properties,
    extra: typeof extra === 'object' ? lazyChild(extra, walker) : undefined,
    keepUnknown: extra === true || schema.preserveUnknownFields === true,
    items: schema.items !== undefined ? lazyChild(schema.items, walker) : undefined,
  };
});

const childStep = 0;
const indexStep = 1;
const keyStep = 2;

/** One pruning run: the dropped paths, and the path being visited as a stack (a string only when needed). */
class Pruner {
  readonly pruned: string[] = [];
  private readonly steps: number[] = [];
  private readonly names: (string | number)[] = [];

  private path(): string {
    let path = '';
    for (let index = 0; index < this.steps.length; index++) {
      const name = this.names[index] as string | number;
      const step = this.steps[index];
      path = step === childStep ? childPath(path, name as string) : step === indexStep ? indexPath(path, name as number) : keyPath(path, name as string);
    }
    return path;
  }

  private drop(key: string): void {
    this.pruned.push(childPath(this.path(), key));
  }

  private child(value: unknown, child: Child, step: number, name: string | number): unknown {
    const plan = child.get();
    if (plan === null) return kept(value);
    if (typeof value !== 'object' || value === null) return value;
    this.steps.push(step);
    this.names.push(name);
    const result = this.prune(value, plan, false);
    this.steps.pop();
    this.names.pop();
    return result;
  }

  prune(value: unknown, plan: PrunePlan, keepResourceFields: boolean): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      const items = plan.items;
      if (items === undefined) return kept(value);
      const result = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index++) {
        if (index in value) result[index] = this.child(value[index], items, indexStep, index);
      }
      return result;
    }
    const object = value as Record<string, unknown>;
    const keepResource = keepResourceFields || plan.embedded;
    const result: Record<string, unknown> = {};
    const extra = plan.extra;
    for (const key of Object.keys(object)) {
      const child = object[key];
      const property = plan.properties.get(key);
      if (keepResource && key === 'metadata' && isObject(child)) {
        this.steps.push(childStep);
        this.names.push(key);
        setOwnField(result, key, this.pruneObjectMeta(child));
        this.steps.pop();
        this.names.pop();
      } else if (property !== undefined) {
        setOwnField(result, key, this.child(child, property, childStep, key));
      } else if (extra !== undefined) {
        setOwnField(result, key, this.child(child, extra, keyStep, key));
      } else if (plan.keepUnknown || (keepResource && resourceFields.has(key))) {
        setOwnField(result, key, kept(child));
      } else {
        this.drop(key);
      }
    }
    return result;
  }

  /** Resource metadata is ObjectMeta whatever the schema says: only fields ObjectMeta lacks are dropped. */
  private pruneObjectMeta(metadata: Record<string, unknown>): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(metadata)) {
      if (objectMetaFields.has(key)) setOwnField(result, key, kept(metadata[key]));
      else this.drop(key);
    }
    return result;
  }
}

/** Drops fields unknown to a CRD's structural schema; apiVersion, kind and metadata stay at the root. */
export function pruneUnknownFields<T>(obj: T, schema: SchemaNode | undefined, walker: SchemaWalker): PruneResult<T> {
  const plan = prunePlan(walker, schema);
  const pruner = new Pruner();
  const object = (plan === undefined ? kept(obj) : pruner.prune(obj, plan, true)) as T;
  return { object, prunedPaths: pruner.pruned };
}
