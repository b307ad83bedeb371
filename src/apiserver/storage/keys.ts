// Store keys as upstream lays them out in etcd, so etcdctl users find objects where they expect:
// /registry/<resource path>/<namespace>/<name>. Most built-ins use their plural; a few keep
// historical names; custom resources are qualified by their group.
import type { ServedResource } from '../served-resources.js';

const HISTORICAL_PATHS: Record<string, string> = {
  '/nodes': 'minions',
  '/services': 'services/specs',
  '/endpoints': 'services/endpoints',
  '/replicationcontrollers': 'controllers',
  'networking.k8s.io/ingresses': 'ingress',
  'apiextensions.k8s.io/customresourcedefinitions': 'apiextensions.k8s.io/customresourcedefinitions',
  'apiregistration.k8s.io/apiservices': 'apiregistration.k8s.io/apiservices',
};

/** The part between /registry/ and the namespace, e.g. `pods`, `minions`, `example.com/widgets`. */
export function resourcePath(resource: ServedResource): string {
  const { group, plural } = resource.info;
  if (resource.custom !== undefined) return `${group}/${plural}`;
  return HISTORICAL_PATHS[`${group}/${plural}`] ?? plural;
}

/** Prefix of every object of the resource, or of one namespace's objects; ends with '/'. */
export function storagePrefix(resource: ServedResource, namespace?: string): string {
  const base = `/registry/${resourcePath(resource)}/`;
  return resource.info.namespaced && namespace !== undefined ? `${base}${namespace}/` : base;
}

export function storageKey(resource: ServedResource, namespace: string | undefined, name: string): string {
  return resource.info.namespaced ? `${storagePrefix(resource, namespace ?? '')}${name}` : `${storagePrefix(resource)}${name}`;
}
