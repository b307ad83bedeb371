// Maps a URL path onto a served resource: /api/v1/... and /apis/<group>/<version>/..., namespaced
// (/namespaces/<ns>/<plural>[/<name>[/<subresource>]]), cluster-scoped and all-namespace forms, and
// the legacy /watch/ prefix. Pure: no I/O, so it is tested on its own.
import type { ServedResource, ServedResources } from './served-resources.js';

export interface ResourceTarget {
  resource: ServedResource;
  /** Set for namespaced requests; undefined for cluster-scoped resources and all-namespace lists. */
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The path used the legacy /watch/ prefix. */
  watchPrefix: boolean;
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** Splits the path; undefined when it is not under /api/v1 or /apis/<g>/<v>. */
function groupVersionOf(segments: string[]): { group: string; version: string; rest: string[] } | undefined {
  if (segments[0] === 'api' && segments.length >= 2) return { group: '', version: segments[1], rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments.length >= 3) return { group: segments[1], version: segments[2], rest: segments.slice(3) };
  return undefined;
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/** Resolves a resource path, or undefined when nothing is served there (404). */
export function routeResource(served: ServedResources, path: string): ResourceTarget | undefined {
  const segments = decodeSegments(path);
  if (segments === undefined) return undefined;
  const gv = groupVersionOf(segments);
  if (gv === undefined) return undefined;
  let rest = gv.rest;
  const watchPrefix = rest[0] === 'watch';
  if (watchPrefix) rest = rest.slice(1);
  if (rest.length === 0) return undefined;
  const find = (plural: string) => served.find(gv.group, gv.version, plural);

  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespaced = find(rest[2]);
    if (namespaced !== undefined && namespaced.info.namespaced) {
      if (rest.length > 5) return undefined;
      return { resource: namespaced, namespace: rest[1], name: rest[3], subresource: rest[4], watchPrefix };
    }
  }
  const resource = find(rest[0]);
  if (resource === undefined || rest.length > 3) return undefined;
  // A namespaced resource without /namespaces/<ns>/ is only listable or watchable across namespaces.
  if (resource.info.namespaced && rest.length > 1) return undefined;
  return { resource, name: rest[1], subresource: rest[2], watchPrefix };
}

const TRUE_VALUES = new Set(['1', 'true', 'True']);

/** The verb of a request (as upstream's RequestInfo), or undefined when the method is not allowed. */
export function verbOf(method: string, target: ResourceTarget, query: URLSearchParams): Verb | undefined {
  const named = target.name !== undefined;
  const watchQuery = TRUE_VALUES.has(query.get('watch') ?? '');
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (target.watchPrefix || watchQuery) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return named && target.subresource === undefined ? undefined : 'create';
    case 'PUT':
      return named ? 'update' : undefined;
    case 'PATCH':
      return named ? 'patch' : undefined;
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}
