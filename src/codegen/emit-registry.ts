// src/api/generated/resources.ts: the resource registry, group versions and the Kubernetes version,
// as plain data (small enough to import eagerly).
import type { GroupVersionInfo, ResourceInfo } from '../api/schema-types.js';
import { generatedHeader, type GeneratorInputs } from './generated-header.js';
import { stableStringify } from './stable-json.js';

const RESOURCE_KEY_ORDER: (keyof ResourceInfo)[] = [
  'group', 'version', 'kind', 'listKind', 'plural', 'singular', 'namespaced', 'verbs', 'subresources', 'shortNames', 'categories', 'definition',
];

/** One line per resource, fields in the order of the ResourceInfo interface (reads like a table). */
function resourceLine(resource: ResourceInfo): string {
  const fields = RESOURCE_KEY_ORDER.map((key) => `${key}: ${stableStringify(resource[key])}`);
  return `  { ${fields.join(', ')} },\n`;
}

export function emitRegistry(resources: ResourceInfo[], groupVersions: GroupVersionInfo[], inputs: GeneratorInputs): string {
  let text = generatedHeader(inputs, 'Resource registry: every built-in resource, group version and the release.');
  text += "import type { GroupVersionInfo, ResourceInfo } from '../schema-types.js';\n\n";
  const { major, minor, gitVersion } = inputs.kubernetesVersion;
  text += `export const kubernetesVersion = { major: ${JSON.stringify(major)}, minor: ${JSON.stringify(minor)}, gitVersion: ${JSON.stringify(gitVersion)} } as const;\n\n`;
  text += 'export const resources: ResourceInfo[] = [\n';
  for (const resource of resources) text += resourceLine(resource);
  text += '];\n\nexport const groupVersions: GroupVersionInfo[] = [\n';
  for (const { group, version, preferred, enabledByDefault } of groupVersions) {
    text += `  { group: ${JSON.stringify(group)}, version: ${JSON.stringify(version)}, preferred: ${preferred}, enabledByDefault: ${enabledByDefault === true} },\n`;
  }
  text += '];\n';
  return text;
}
