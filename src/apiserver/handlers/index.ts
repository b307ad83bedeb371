// Resource requests: route the path, pick the verb, check the resource takes it, and hand over to
// the verb's handler (subresources to theirs).
import type { ApiContext, UserInfo } from '../context.js';
import { pageNotFound, serverMethodNotAllowed } from '../http/errors.js';
import { negotiate } from '../http/negotiate.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { routeResource, verbOf, type Verb } from '../router.js';
import { ResourceStorage } from '../storage/resource-storage.js';
import { handleCreate } from './create.js';
import { handleDelete } from './delete.js';
import { handleDeleteCollection } from './deletecollection.js';
import { handleGet } from './get.js';
import { handleList } from './list.js';
import { handlePatch } from './patch.js';
import type { RequestScope } from './scope.js';
import { handleSubresource } from './subresources.js';
import { handleUpdate } from './update.js';
import { handleWatch } from './watch.js';

const HANDLERS: Record<Verb, (scope: RequestScope) => Promise<void>> = {
  get: handleGet,
  list: handleList,
  watch: handleWatch,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
};

export async function handleResourceRequest(
  ctx: ApiContext,
  req: ApiRequest,
  res: ApiResponse,
  path: string,
  query: URLSearchParams,
  user: UserInfo,
): Promise<void> {
  const target = routeResource(ctx.served, path);
  if (target === undefined) throw pageNotFound();
  const verb = verbOf(req.method ?? 'GET', target, query);
  if (verb === undefined) throw serverMethodNotAllowed();
  // Across all namespaces a namespaced resource can only be listed or watched.
  if (target.resource.info.namespaced && target.namespace === undefined && verb !== 'list' && verb !== 'watch') throw serverMethodNotAllowed();
  const scope: RequestScope = {
    ctx,
    req,
    res,
    user,
    query,
    resource: target.resource,
    storage: new ResourceStorage(ctx.store, target.resource),
    namespace: target.namespace,
    name: target.name,
    subresource: target.subresource,
    // Logs are plain text whatever the client accepts.
    format: target.subresource === 'log' ? { encoding: 'json', view: 'Object' } : negotiate(req.headers.accept, target.subresource === undefined),
    warnings: [],
  };
  if (target.subresource !== undefined) return handleSubresource(scope, verb);
  if (!target.resource.info.verbs.includes(verb)) throw serverMethodNotAllowed();
  return HANDLERS[verb](scope);
}
