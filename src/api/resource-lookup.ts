// Lookups over the generated resource registry.
import { groupVersions, resources } from './generated/resources.js';
import type { GroupVersionInfo, ResourceInfo } from './schema-types.js';

const byGroupVersion = new Map<string, ResourceInfo[]>();
for (const resource of resources) {
  const key = `${resource.group}/${resource.version}`;
  const list = byGroupVersion.get(key);
  if (list === undefined) byGroupVersion.set(key, [resource]);
  else list.push(resource);
}

/** Resources of one group version ("" group for core), sorted by plural; [] when not served. */
export function resourcesFor(group: string, version: string): ResourceInfo[] {
  return byGroupVersion.get(`${group}/${version}`) ?? [];
}

/** By plural ("pods"), kind ("Pod") or singular ("pod"), in that order. */
export function findResource(group: string, version: string, pluralOrKind: string): ResourceInfo | undefined {
  const candidates = resourcesFor(group, version);
  return (
    candidates.find((resource) => resource.plural === pluralOrKind) ??
    candidates.find((resource) => resource.kind === pluralOrKind) ??
    candidates.find((resource) => resource.singular === pluralOrKind)
  );
}

export function findResourceByKind(group: string, version: string, kind: string): ResourceInfo | undefined {
  return resourcesFor(group, version).find((resource) => resource.kind === kind);
}

/** Resources (one per group version that serves it) with this short name, preferred versions first. */
export function resourcesByShortName(shortName: string): ResourceInfo[] {
  const matches = resources.filter((resource) => resource.shortNames.includes(shortName));
  return matches.sort((a, b) => Number(isPreferred(b)) - Number(isPreferred(a)));
}

/** The resource with this short name in its group's preferred version ("po" -> core/v1 pods). */
export function resourceByShortName(shortName: string): ResourceInfo | undefined {
  return resourcesByShortName(shortName)[0];
}

export function preferredVersion(group: string): GroupVersionInfo | undefined {
  return groupVersions.find((groupVersion) => groupVersion.group === group && groupVersion.preferred);
}

function isPreferred(resource: ResourceInfo): boolean {
  return preferredVersion(resource.group)?.version === resource.version;
}

/** "v1" for core, "apps/v1" otherwise: the apiVersion field of objects of this resource. */
export function apiVersionOf(resource: { group: string; version: string }): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}
