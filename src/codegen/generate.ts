// The whole generator as a pure step: documents in, generated files (path -> text) out.
import type { SchemaNode } from '../api/schema-types.js';
import { emitCatalog } from './emit-catalog.js';
import { emitRegistry } from './emit-registry.js';
import { emitTypes } from './emit-types.js';
import type { GeneratorInputs } from './generated-header.js';
import { buildGroupVersions, buildResources } from './resource-registry.js';
import { flattenDefinitions } from './schema-flatten.js';
import type { KubernetesVersion, SpecDocument } from './spec-documents.js';
import { stableStringify } from './stable-json.js';

export class DefinitionConflictError extends Error {}

/** Definitions of all documents together. Shared ones (ObjectMeta, ...) repeat in every document and must agree. */
export function mergeDefinitions(documents: SpecDocument[]): Record<string, SchemaNode> {
  const merged: Record<string, SchemaNode> = {};
  const seenIn = new Map<string, { fileName: string; text: string }>();
  for (const { fileName, document } of documents) {
    const flattened = flattenDefinitions(document.components?.schemas ?? {});
    for (const [name, node] of Object.entries(flattened)) {
      const text = stableStringify(node);
      const earlier = seenIn.get(name);
      if (earlier !== undefined && earlier.text !== text) {
        throw new DefinitionConflictError(`${name} differs between ${earlier.fileName} and ${fileName}`);
      }
      seenIn.set(name, { fileName, text });
      merged[name] = node;
    }
  }
  return merged;
}

/** Output file names, relative to the generated directory. */
export const GENERATED_FILES = ['catalog.json', 'resources.ts', 'types.ts'] as const;

export function generate(documents: SpecDocument[], kubernetesVersion: KubernetesVersion): Map<string, string> {
  const inputs: GeneratorInputs = {
    kubernetesVersion,
    documents: Object.fromEntries(documents.map(({ fileName, sha256 }) => [fileName, sha256]).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  const definitions = mergeDefinitions(documents);
  const resources = buildResources(documents, definitions);
  const groupVersions = buildGroupVersions(resources);
  return new Map<string, string>([
    ['catalog.json', emitCatalog(definitions, inputs)],
    ['resources.ts', emitRegistry(resources, groupVersions, inputs)],
    ['types.ts', emitTypes(definitions, inputs)],
  ]);
}
