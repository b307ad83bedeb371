// Per-walker caches of what a schema node compiles to. Schemas are immutable and a walker resolves each
// node to one stable object, so a plan is built once per (walker, resolved node) and then reused by
// every request; plans of child nodes are filled in lazily (recursive CRD schemas stay finite).
import type { SchemaNode } from '../api/schema-types.js';
import type { SchemaWalker } from './schema-walk.js';

export type PlanBuilder<P> = (schema: SchemaNode, walker: SchemaWalker) => P;

/** `plan(walker, node)`: the plan of `node` resolved through `walker`; undefined when it does not resolve. */
export function planCache<P>(build: PlanBuilder<P>): (walker: SchemaWalker, node: SchemaNode | undefined) => P | undefined {
  const byWalker = new WeakMap<SchemaWalker, WeakMap<SchemaNode, P>>();
  return (walker, node) => {
    const schema = walker.resolve(node);
    if (schema === undefined) return undefined;
    let plans = byWalker.get(walker);
    if (plans === undefined) {
      plans = new WeakMap();
      byWalker.set(walker, plans);
    }
    let plan = plans.get(schema);
    if (plan === undefined) {
      plan = build(schema, walker);
      plans.set(schema, plan);
    }
    return plan;
  };
}
