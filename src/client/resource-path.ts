// Request paths of a resource: /api/v1/... for the core group, /apis/{group}/{version}/... otherwise.
import { findResource } from '../api/index.js';
import type { ResourceDescriptor } from './types.js';

export function collectionPath(resource: ResourceDescriptor, namespace: string | undefined): string {
  const root = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const scope = resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${scope}/${resource.plural}`;
}

export function objectPath(resource: ResourceDescriptor, namespace: string | undefined, name: string, subresource?: string): string {
  if (name === '') throw new Error(`${resource.kind}: a name is required`);
  const tail = subresource === undefined ? '' : `/${subresource}`;
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}${tail}`;
}

/** Looks a built-in resource up in the generated catalog by apiVersion and plural, kind or singular. */
export function describeResource(apiVersion: string, pluralOrKind: string): ResourceDescriptor {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const found = findResource(group, version, pluralOrKind);
  if (found === undefined) {
    throw new Error(`no resource "${pluralOrKind}" in ${apiVersion}; for a custom resource pass a descriptor { group, version, plural, kind, namespaced }`);
  }
  return { group: found.group, version: found.version, plural: found.plural, kind: found.kind, namespaced: found.namespaced };
}
