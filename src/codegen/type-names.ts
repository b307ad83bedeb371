// TypeScript names for definitions. Three tiers, all pointing at the same interface:
//   1. IoK8sApiCoreV1Pod — the full upstream name in PascalCase; always emitted, never ambiguous.
//   2. CoreV1Pod, AppsV1Deployment, MetaV1ObjectMeta — package + version + type, for every definition
//      whose name has that shape (io.k8s.<...>.<package>.<version>.<Type>) and when unique.
//   3. Pod, Deployment, ObjectMeta — the bare type name, when every definition of that name lives in
//      one package; the preferred version of that package wins (HorizontalPodAutoscaler = autoscaling/v2).
//      Names in two packages (Event: core and events.k8s.io) get no bare alias.
import { compareStrings } from './stable-json.js';
import { compareVersionPriority } from './version-priority.js';

const VERSION_SEGMENT = /^v\d+((alpha|beta)\d+)?$/;

function pascal(segment: string): string {
  return segment
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

export function fullTypeName(definition: string): string {
  return definition.split('.').map(pascal).join('');
}

interface NameParts {
  packageName: string;
  version?: string;
  typeName: string;
}

/** io.k8s.api.apps.v1.Deployment -> apps, v1, Deployment; io.k8s.apimachinery.pkg.api.resource.Quantity -> resource, -, Quantity. */
export function splitDefinitionName(definition: string): NameParts {
  const segments = definition.split('.');
  const typeName = segments[segments.length - 1];
  const maybeVersion = segments[segments.length - 2];
  if (VERSION_SEGMENT.test(maybeVersion)) return { packageName: segments[segments.length - 3], version: maybeVersion, typeName };
  return { packageName: maybeVersion, typeName };
}

/** io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler -> io.k8s.api.autoscaling (versions of one package share it). */
function packagePath(definition: string): string {
  const segments = definition.split('.').slice(0, -1);
  if (VERSION_SEGMENT.test(segments[segments.length - 1])) segments.pop();
  return segments.join('.');
}

/** alias -> definition name, for tiers 2 and 3. */
export function buildTypeAliases(definitions: string[]): Map<string, string> {
  const full = new Set(definitions.map(fullTypeName));
  const aliases = new Map<string, string>();
  const versioned = new Map<string, string[]>();
  const byTypeName = new Map<string, string[]>();
  for (const definition of [...definitions].sort(compareStrings)) {
    const { packageName, version, typeName } = splitDefinitionName(definition);
    if (version !== undefined) push(versioned, pascal(packageName) + pascal(version) + typeName, definition);
    push(byTypeName, typeName, definition);
  }
  for (const [alias, owners] of versioned) {
    if (owners.length === 1 && !full.has(alias)) aliases.set(alias, owners[0]);
  }
  for (const [typeName, owners] of byTypeName) {
    const samePackage = new Set(owners.map(packagePath)).size === 1;
    if (!samePackage || aliases.has(typeName) || full.has(typeName)) continue;
    const preferred = [...owners].sort((a, b) => compareVersionPriority(splitDefinitionName(a).version ?? '', splitDefinitionName(b).version ?? ''))[0];
    aliases.set(typeName, preferred);
  }
  return aliases;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
