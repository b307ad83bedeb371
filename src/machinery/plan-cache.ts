// Per-walker caches of what a schema node compiles to. Schemas are immutable and a walker resolves each
// node to one stable object, so a plan is built once per (walker, resolved node) and then reused by
// every request; plans of child nodes are filled in lazily (recursive CRD schemas stay finite).
import type { SchemaNode } from '../api/schema-types.js';
import type { SchemaWalker } from './schema-walk.js';
import { getOrCreate } from './get-or-create.js';

export type PlanBuilder<P> = (schema: SchemaNode, walker: SchemaWalker) => P;

/** `plan(walker, node)`: the plan of `node` resolved through `walker`; undefined when it does not resolve. */
export function planCache<P>(build: PlanBuilder<P>): (walker: SchemaWalker, node: SchemaNode | undefined) => P | undefined {
  const byWalker = new WeakMap<SchemaWalker, WeakMap<SchemaNode, P>>();
  return (walker, node) => {
    const schema = walker.resolve(node);
    if (schema === undefined) return undefined;
    return getOrCreate(getOrCreate(byWalker, walker, () => new WeakMap()), schema, () => build(schema, walker));
  };
}

/** A child schema's plan, built on first use (recursive CRD schemas stay finite); null when there is none. */
export class LazyPlan<P> {
  private plan: P | null | undefined;

  constructor(private readonly build: () => P | null) {}

  get(): P | null {
    if (this.plan === undefined) this.plan = this.build();
    return this.plan;
  }
}
