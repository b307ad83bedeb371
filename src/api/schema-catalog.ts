// The schema catalog (generated/catalog.json) is about a megabyte of descriptions, so it is read on
// first use, beside this module: src/api/generated under tsx/vitest, dist/api/generated after the
// build (scripts/copy-assets.mjs copies it there). A dist/ built by plain `tsc` falls back to the
// copy in src/ (the package ships both).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GroupVersionKind, SchemaCatalog, SchemaNode } from './schema-types.js';

const CATALOG_PATHS = [
  fileURLToPath(new URL('./generated/catalog.json', import.meta.url)),
  fileURLToPath(new URL('../../src/api/generated/catalog.json', import.meta.url)),
];

let cached: SchemaCatalog | undefined;

export function schemaCatalog(): SchemaCatalog {
  if (cached === undefined) {
    const path = CATALOG_PATHS.find((candidate) => existsSync(candidate));
    if (path === undefined) {
      throw new Error(`schema catalog not found at ${CATALOG_PATHS[0]} (run \`npm run build\`, which copies src/api/generated/catalog.json there)`);
    }
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as { definitions: Record<string, SchemaNode> };
    cached = { definitions: parsed.definitions };
  }
  return cached;
}

/** A definition by upstream name, e.g. "io.k8s.api.core.v1.Pod". */
export function definition(name: string): SchemaNode | undefined {
  return schemaCatalog().definitions[name];
}

/** The x-kubernetes-group-version-kind list of a definition ([] when it has none or does not exist). */
export function definitionGVKs(name: string): GroupVersionKind[] {
  return definition(name)?.gvk ?? [];
}

let byKind: Map<string, string> | undefined;

/**
 * Name of the definition that is the schema of a kind: a resource's, or one only sent to a
 * subresource (autoscaling/v1 Scale, policy/v1 Eviction, core/v1 Binding, authentication.k8s.io/v1
 * TokenRequest). Shared meta kinds (DeleteOptions, WatchEvent, Status) resolve too.
 */
export function definitionNameForKind(group: string, version: string, kind: string): string | undefined {
  if (byKind === undefined) {
    byKind = new Map();
    const { definitions } = schemaCatalog();
    for (const name of Object.keys(definitions).sort()) {
      for (const gvk of definitions[name].gvk ?? []) {
        const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
        if (!byKind.has(key)) byKind.set(key, name);
      }
    }
  }
  return byKind.get(`${group}/${version}/${kind}`);
}

/**
 * The node with its `$ref` followed (repeatedly), the referring node's own fields (description,
 * default, patch markers) kept on top of the definition's. undefined for a dangling or cyclic ref.
 */
export function resolveRef(node: SchemaNode): SchemaNode | undefined {
  let current = node;
  const seen = new Set<string>();
  while (current.$ref !== undefined) {
    const ref = current.$ref;
    const target = seen.has(ref) ? undefined : definition(ref);
    if (target === undefined) return undefined;
    seen.add(ref);
    const { $ref: _followed, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return current;
}

/** Names of the given definitions and of every definition they reach through refs, sorted. */
export function referencedDefinitions(roots: string[]): string[] {
  const { definitions } = schemaCatalog();
  const found = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (found.has(name) || definitions[name] === undefined) continue;
    found.add(name);
    collectRefs(definitions[name], pending);
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function collectRefs(node: SchemaNode, into: string[]): void {
  if (node.$ref !== undefined) into.push(node.$ref);
  for (const child of Object.values(node.properties ?? {})) collectRefs(child, into);
  if (typeof node.additionalProperties === 'object') collectRefs(node.additionalProperties, into);
  if (node.items !== undefined) collectRefs(node.items, into);
  for (const list of [node.allOf, node.anyOf, node.oneOf]) for (const child of list ?? []) collectRefs(child, into);
  if (node.not !== undefined) collectRefs(node.not, into);
}
