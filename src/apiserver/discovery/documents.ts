// The plain (non-aggregated) discovery documents: APIVersions, APIGroupList, APIGroup, APIResourceList.
import type { ServedResource, ServedResources } from '../served-resources.js';
import { sortByVersionPriority } from './version-priority.js';
import { storageVersionHash } from './storage-version-hash.js';

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface ApiGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

const groupVersionString = (group: string, version: string) => (group === '' ? version : `${group}/${version}`);

/** Versions served per group (core group is ""), each list in preference order. */
export function servedGroups(served: ServedResources): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const { group, version } of served.groupVersions()) {
    byGroup.set(group, [...(byGroup.get(group) ?? []), version]);
  }
  for (const [group, versions] of byGroup) byGroup.set(group, sortByVersionPriority(versions));
  return byGroup;
}

export function apiGroup(name: string, versions: string[]): ApiGroup {
  const entries = versions.map((version) => ({ groupVersion: groupVersionString(name, version), version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

export function apiVersions(served: ServedResources, serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: servedGroups(served).get('') ?? [],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(served: ServedResources): Record<string, unknown> {
  const groups = [...servedGroups(served)]
    .filter(([name]) => name !== '')
    .map(([name, versions]) => apiGroup(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroupDocument(served: ServedResources, name: string): Record<string, unknown> | undefined {
  const versions = servedGroups(served).get(name);
  if (name === '' || versions === undefined) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(name, versions) };
}

/** Resources of one group/version in a stable order (by plural), as discovery lists them. */
export function resourcesOf(served: ServedResources, group: string, version: string): ServedResource[] {
  return served
    .all()
    .filter(({ info }) => info.group === group && info.version === version)
    .sort((a, b) => a.info.plural.localeCompare(b.info.plural));
}

export function hashOf(resource: ServedResource): string {
  const { info, custom } = resource;
  return storageVersionHash(info.group, custom?.storageVersion ?? info.version, info.kind);
}

export function apiResourceList(served: ServedResources, group: string, version: string): Record<string, unknown> | undefined {
  const resources = resourcesOf(served, group, version);
  if (resources.length === 0) return undefined;
  const entries: Record<string, unknown>[] = [];
  for (const resource of resources) {
    const { info } = resource;
    entries.push({
      name: info.plural,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: info.verbs,
      ...(info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
      ...(info.categories.length > 0 ? { categories: info.categories } : {}),
      storageVersionHash: hashOf(resource),
    });
    for (const sub of info.subresources) {
      entries.push({
        name: `${info.plural}/${sub.name}`,
        singularName: '',
        namespaced: info.namespaced,
        ...(sub.group !== undefined && sub.group !== info.group ? { group: sub.group } : {}),
        ...(sub.version !== undefined && (sub.version !== info.version || sub.group !== info.group) ? { version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionString(group, version), resources: entries };
}
