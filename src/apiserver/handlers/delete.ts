// DELETE as upstream's registry store: preconditions, graceful deletion (pods bound to a node wait
// for the kubelet), finalizers (orphan / foregroundDeletion from propagationPolicy), and the object
// staying with deletionTimestamp until its finalizers are gone.
import { conflict, isStatusError } from '../../machinery/index.js';
import { admitNamespaceDelete } from '../admission/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';
import { groupResourceOf } from '../storage/resource-storage.js';
import { readDeleteOptions, type DeleteOptions } from './delete-options.js';
import { rfc3339 } from './object-meta.js';
import type { RequestScope } from './scope.js';
import { send, sendObject, successStatus } from './scope.js';
import { handleSubresource } from './subresources.js';

const RETRIES = 16;

export interface DeleteOutcome {
  object: KubeObject;
  /** Gone from the store now (false: waiting for finalizers or the kubelet). */
  immediate: boolean;
}

/** Resources whose DELETE answers with the object even when it is gone (upstream ReturnDeletedObject). */
function returnsDeletedObject(resource: ServedResource): boolean {
  const { group, plural } = resource.info;
  return resource.custom !== undefined || (group === '' && ['pods', 'services', 'namespaces'].includes(plural)) || plural === 'customresourcedefinitions';
}

function isPod(resource: ServedResource): boolean {
  return resource.info.group === '' && resource.info.plural === 'pods';
}

function isNamespace(resource: ServedResource): boolean {
  return resource.info.group === '' && resource.info.plural === 'namespaces';
}

/** The grace period to wait for, or 0 to delete now (pods only; everything else is immediate). */
function gracePeriod(resource: ServedResource, object: KubeObject, options: DeleteOptions): number {
  if (!isPod(resource)) return 0;
  const spec = (object.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = ((object.status ?? {}) as { phase?: string }).phase;
  if (spec.nodeName === undefined || spec.nodeName === '' || phase === 'Succeeded' || phase === 'Failed') return 0;
  const requested = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, requested);
}

function checkPreconditions(resource: ServedResource, object: KubeObject, options: DeleteOptions): void {
  const name = object.metadata.name ?? '';
  const { uid, resourceVersion } = options.preconditions ?? {};
  if (uid !== undefined && uid !== object.metadata.uid) {
    throw conflict(groupResourceOf(resource), name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid ?? ''}`);
  }
  if (resourceVersion !== undefined && resourceVersion !== object.metadata.resourceVersion) {
    throw conflict(groupResourceOf(resource), name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion ?? ''}`);
  }
}

function withPropagationFinalizers(object: KubeObject, options: DeleteOptions): string[] {
  const finalizers = new Set(object.metadata.finalizers ?? []);
  if (options.propagationPolicy === 'Orphan') {
    finalizers.add('orphan');
    finalizers.delete('foregroundDeletion');
  } else if (options.propagationPolicy === 'Foreground') {
    finalizers.add('foregroundDeletion');
    finalizers.delete('orphan');
  } else if (options.propagationPolicy === 'Background') {
    finalizers.delete('orphan');
    finalizers.delete('foregroundDeletion');
  }
  return [...finalizers];
}

export async function deleteObject(scope: RequestScope, namespace: string | undefined, name: string, options: DeleteOptions): Promise<DeleteOutcome> {
  const { storage, resource, ctx } = scope;
  admitNamespaceDelete(resource, name);
  for (let attempt = 1; ; attempt++) {
    const current = await storage.get(namespace, name);
    const object = current.object;
    checkPreconditions(resource, object, options);
    const finalizers = object.metadata.deletionTimestamp === undefined || options.propagationPolicy !== undefined
      ? withPropagationFinalizers(object, options)
      : object.metadata.finalizers ?? [];
    const grace = gracePeriod(resource, object, options);
    const namespaceFinalizers = isNamespace(resource) ? (((object.spec ?? {}) as { finalizers?: string[] }).finalizers ?? []) : [];
    const pending = finalizers.length > 0 || grace > 0 || namespaceFinalizers.length > 0;
    try {
      if (!pending) {
        if (options.dryRun) return { object, immediate: true };
        const deleted = await storage.delete(namespace, name, current.modRevision);
        return { object: deleted.object, immediate: true };
      }
      const next = structuredClone(object);
      const now = ctx.clock();
      const existingDeadline = object.metadata.deletionTimestamp;
      const deadline = rfc3339(new Date(now.getTime() + grace * 1000));
      if (existingDeadline === undefined || deadline < existingDeadline) {
        next.metadata.deletionTimestamp = deadline;
        next.metadata.deletionGracePeriodSeconds = grace;
        // Upstream's BeforeDelete: a graceful deletion is a change observers key on generation.
        if (typeof next.metadata.generation === 'number' && next.metadata.generation > 0) next.metadata.generation++;
      }
      if (finalizers.length > 0) next.metadata.finalizers = finalizers;
      else delete next.metadata.finalizers;
      if (isNamespace(resource)) next.status = { ...((next.status ?? {}) as object), phase: 'Terminating' };
      if (options.dryRun) return { object: next, immediate: false };
      const updated = await storage.update(next, current.modRevision);
      return { object: updated.object, immediate: false };
    } catch (error) {
      const raced = isStatusError(error) && error.reason === 'Conflict' && options.preconditions?.resourceVersion === undefined;
      if (!raced || attempt >= RETRIES) throw error;
    }
  }
}

export async function handleDelete(scope: RequestScope): Promise<void> {
  if (scope.subresource !== undefined) return handleSubresource(scope, 'delete');
  const options = await readDeleteOptions(scope);
  const outcome = await deleteObject(scope, scope.namespace, scope.name!, options);
  // Upstream answers 200 even while finalizers or a grace period hold the object, except for the
  // deprecated orphanDependents=false (kept for old clients).
  if (!outcome.immediate) return sendObject(scope, options.cascadeRequested ? 202 : 200, outcome.object);
  if (returnsDeletedObject(scope.resource)) return sendObject(scope, 200, outcome.object);
  send(scope, 200, successStatus(scope, outcome.object.metadata.name ?? scope.name!, outcome.object.metadata.uid));
}
