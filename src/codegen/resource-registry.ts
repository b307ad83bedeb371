// The resource registry, read from the paths of each OpenAPI v3 document: the path pattern gives
// plural, scope and subresource; `x-kubernetes-action` on each operation gives the verbs; and
// `x-kubernetes-group-version-kind` gives the kind (of the resource, or sent on the subresource).
import type { GroupVersionInfo, GroupVersionKind, ResourceInfo, SchemaNode, SubresourceInfo } from '../api/schema-types.js';
import { namesOf } from './resource-names.js';
import type { OpenApiOperation, SpecDocument } from './spec-documents.js';
import { compareStrings } from './stable-json.js';
import { compareVersionPriority, isGeneralAvailability } from './version-priority.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Discovery verb for an action on the collection path (/pods) or on the object path (/pods/{name}). */
const COLLECTION_VERBS: Record<string, string> = { list: 'list', post: 'create', deletecollection: 'deletecollection', watchlist: 'watch' };
const OBJECT_VERBS: Record<string, string> = { get: 'get', put: 'update', patch: 'patch', delete: 'delete', watch: 'watch' };
/** Subresources (including `connect` ones such as exec and proxy) take their verbs from the HTTP method, as discovery shows them. */
const SUBRESOURCE_VERBS: Record<string, string> = { get: 'get', put: 'update', post: 'create', patch: 'patch', delete: 'delete' };

export class RegistryError extends Error {}

interface ParsedPath {
  group: string;
  version: string;
  namespaced: boolean;
  plural: string;
  /** true for /{plural}/{name}... */
  object: boolean;
  subresource?: string;
  watchPath: boolean;
}

/** Splits /api/v1/namespaces/{namespace}/pods/{name}/log and friends; undefined for non-resource paths. */
export function parseResourcePath(path: string): ParsedPath | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 2) {
    [group, version, rest] = ['', segments[1], segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else {
    return undefined;
  }
  const watchPath = rest[0] === 'watch';
  if (watchPath) rest = rest.slice(1);
  const namespaced = rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest.length >= 3;
  if (namespaced) rest = rest.slice(2);
  if (rest.length === 0) return undefined;
  const plural = rest[0];
  const object = rest[1] === '{name}';
  const subresource = object && rest.length >= 3 ? rest[2] : undefined;
  return { group, version, namespaced, plural, object, subresource, watchPath };
}

interface ResourceDraft {
  group: string;
  version: string;
  plural: string;
  kind?: GroupVersionKind;
  listKind?: string;
  namespaced: boolean;
  verbs: Set<string>;
  subresources: Map<string, { kind?: GroupVersionKind; verbs: Set<string> }>;
}

function operationsOf(item: Record<string, unknown>): [string, OpenApiOperation][] {
  const operations: [string, OpenApiOperation][] = [];
  for (const method of HTTP_METHODS) {
    const operation = item[method] as OpenApiOperation | undefined;
    if (operation?.['x-kubernetes-action'] !== undefined) operations.push([method, operation]);
  }
  return operations;
}

function responseRef(operation: OpenApiOperation): string | undefined {
  const ref = operation.responses?.['200']?.content?.['application/json']?.schema?.$ref;
  return ref?.replace('#/components/schemas/', '');
}

function sameGvk(a: GroupVersionKind, b: GroupVersionKind): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

export function buildResources(documents: SpecDocument[], definitions: Record<string, SchemaNode>): ResourceInfo[] {
  const drafts = new Map<string, ResourceDraft>();
  for (const { fileName, document } of documents) {
    for (const path of Object.keys(document.paths).sort(compareStrings)) {
      const parsed = parseResourcePath(path);
      if (parsed === undefined) continue;
      const key = `${parsed.group}/${parsed.version}/${parsed.plural}`;
      let draft = drafts.get(key);
      if (draft === undefined) {
        draft = { group: parsed.group, version: parsed.version, plural: parsed.plural, namespaced: false, verbs: new Set(), subresources: new Map() };
        drafts.set(key, draft);
      }
      for (const [method, operation] of operationsOf(document.paths[path] as Record<string, unknown>)) {
        recordOperation(draft, parsed, method, operation, `${fileName} ${method.toUpperCase()} ${path}`);
      }
    }
  }
  const definitionByGvk = indexDefinitionsByGvk(definitions);
  return [...drafts.values()].map((draft) => finish(draft, definitionByGvk)).sort(compareResources);
}

function recordOperation(draft: ResourceDraft, parsed: ParsedPath, method: string, operation: OpenApiOperation, where: string): void {
  const action = operation['x-kubernetes-action'] as string;
  const gvk = operation['x-kubernetes-group-version-kind'];
  if (parsed.subresource !== undefined) {
    let subresource = draft.subresources.get(parsed.subresource);
    if (subresource === undefined) {
      subresource = { verbs: new Set() };
      draft.subresources.set(parsed.subresource, subresource);
    }
    if (gvk !== undefined) subresource.kind ??= gvk;
    const verb = SUBRESOURCE_VERBS[method];
    if (verb !== undefined) subresource.verbs.add(verb);
    return;
  }
  if (parsed.namespaced) draft.namespaced = true;
  if (gvk !== undefined) {
    if (draft.kind !== undefined && !sameGvk(draft.kind, gvk)) {
      throw new RegistryError(`${where}: kind ${JSON.stringify(gvk)} differs from ${JSON.stringify(draft.kind)} seen on other paths of ${draft.plural}`);
    }
    draft.kind = gvk;
  }
  const verb = parsed.object ? OBJECT_VERBS[action] : COLLECTION_VERBS[action];
  if (verb === undefined) throw new RegistryError(`${where}: unexpected x-kubernetes-action ${JSON.stringify(action)}`);
  draft.verbs.add(verb);
  if (action === 'list') {
    const listDefinition = responseRef(operation);
    if (listDefinition !== undefined) draft.listKind = listDefinition.slice(listDefinition.lastIndexOf('.') + 1);
  }
}

function indexDefinitionsByGvk(definitions: Record<string, SchemaNode>): Map<string, string> {
  const byGvk = new Map<string, string>();
  for (const name of Object.keys(definitions).sort(compareStrings)) {
    const gvks = definitions[name].gvk ?? [];
    // Shared meta kinds (DeleteOptions, WatchEvent) list every group version; they are no resource's schema.
    if (gvks.length !== 1) continue;
    const { group, version, kind } = gvks[0];
    byGvk.set(`${group}/${version}/${kind}`, name);
  }
  return byGvk;
}

function finish(draft: ResourceDraft, definitionByGvk: Map<string, string>): ResourceInfo {
  const where = `${draft.group || 'core'}/${draft.version} ${draft.plural}`;
  if (draft.kind === undefined) throw new RegistryError(`${where}: no operation carries x-kubernetes-group-version-kind`);
  const { kind } = draft.kind;
  const definition = definitionByGvk.get(`${draft.group}/${draft.version}/${kind}`);
  if (definition === undefined) {
    const apiVersion = draft.group === '' ? draft.version : `${draft.group}/${draft.version}`;
    throw new RegistryError(`${where}: no definition has x-kubernetes-group-version-kind ${apiVersion} ${kind}`);
  }
  const subresources: SubresourceInfo[] = [...draft.subresources.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, sub]) => {
      const subKind = sub.kind ?? draft.kind!;
      const info: SubresourceInfo = { name, kind: subKind.kind, verbs: [...sub.verbs].sort(compareStrings) };
      if (subKind.group !== draft.group || subKind.version !== draft.version) {
        info.group = subKind.group;
        info.version = subKind.version;
      }
      return info;
    });
  return {
    group: draft.group,
    version: draft.version,
    kind,
    listKind: draft.listKind ?? `${kind}List`,
    plural: draft.plural,
    singular: kind.toLowerCase(),
    namespaced: draft.namespaced,
    verbs: [...draft.verbs].sort(compareStrings),
    subresources,
    ...namesOf(draft.group, draft.plural),
    definition,
  };
}

/** Core first, then groups by name; within a group, versions by priority; then plural. */
function compareResources(a: ResourceInfo, b: ResourceInfo): number {
  return compareStrings(a.group, b.group) || compareVersionPriority(a.version, b.version) || compareStrings(a.plural, b.plural);
}

export function buildGroupVersions(resources: ResourceInfo[]): GroupVersionInfo[] {
  const byGroup = new Map<string, Set<string>>();
  for (const { group, version } of resources) {
    if (!byGroup.has(group)) byGroup.set(group, new Set());
    byGroup.get(group)!.add(version);
  }
  const result: GroupVersionInfo[] = [];
  for (const group of [...byGroup.keys()].sort(compareStrings)) {
    const versions = [...byGroup.get(group)!].sort(compareVersionPriority);
    versions.forEach((version, index) => result.push({ group, version, preferred: index === 0, enabledByDefault: isGeneralAvailability(version) }));
  }
  return result;
}
