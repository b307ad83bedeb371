// src/api/generated/catalog.json: every definition as a SchemaNode. Loaded lazily at run time (it is
// megabytes of descriptions), never imported by TypeScript. One definition per line keeps diffs readable.
import type { SchemaNode } from '../api/schema-types.js';
import type { GeneratorInputs } from './generated-header.js';
import { compareStrings, stableStringify } from './stable-json.js';

export function emitCatalog(definitions: Record<string, SchemaNode>, inputs: GeneratorInputs): string {
  const header = {
    generatedBy: `npm run codegen (src/codegen) from the Kubernetes ${inputs.kubernetesVersion.gitVersion} OpenAPI v3 documents. DO NOT EDIT.`,
    kubernetesVersion: inputs.kubernetesVersion,
    inputs: inputs.documents,
  };
  let text = '{\n';
  for (const key of Object.keys(header).sort(compareStrings)) {
    text += `${JSON.stringify(key)}: ${stableStringify(header[key as keyof typeof header])},\n`;
  }
  const names = Object.keys(definitions).sort(compareStrings);
  text += '"definitions": {\n';
  text += names.map((name) => `${JSON.stringify(name)}: ${stableStringify(definitions[name])}`).join(',\n');
  text += '\n}\n}\n';
  return text;
}
