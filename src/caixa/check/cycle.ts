// Cycles among synchronous contracts: a depth-first walk in declaration order; each back edge is a cycle.

export interface Edge<T> {
  from: string;
  to: string;
  item: T;
}

export interface Cycle<T> {
  /** Node names, first repeated at the end: a -> b -> c -> a. */
  path: string[];
  /** The edge leaving the cycle's first node. */
  first: T;
}

export function findCycles<T>(nodes: readonly string[], edges: readonly Edge<T>[]): Cycle<T>[] {
  const out = new Map<string, Edge<T>[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: Edge<T>[] = [];
  const names: string[] = [];
  const cycles: Cycle<T>[] = [];

  const visit = (node: string): void => {
    state.set(node, 'open');
    names.push(node);
    for (const edge of out.get(node) ?? []) {
      const seen = state.get(edge.to);
      if (seen === 'open') {
        const start = names.indexOf(edge.to);
        const path = [...names.slice(start), edge.to];
        const first = start < stack.length ? stack[start].item : edge.item;
        cycles.push({ path, first });
      } else if (seen === undefined) {
        stack.push(edge);
        visit(edge.to);
        stack.pop();
      }
    }
    names.pop();
    state.set(node, 'done');
  };
  for (const node of [...nodes, ...edges.map((e) => e.from)]) if (!state.has(node)) visit(node);
  return cycles;
}
