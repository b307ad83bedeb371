// Subresources: status (get/update/patch, writes only status), scale (autoscaling/v1 Scale),
// pods/binding (the scheduler's write), pods/eviction, namespaces/finalize, serviceaccounts/token;
// pods/exec, attach and portforward refuse plain requests (their upgrades go to pod-stream-proxy.ts).
import { badRequest, conflict, notFound } from '../../machinery/index.js';
import { pageNotFound, serverMethodNotAllowed } from '../http/errors.js';
import type { Verb } from '../router.js';
import { groupResourceOf, type KubeObject } from '../storage/resource-storage.js';
import { deleteObject } from './delete.js';
import { checkAndTakeDisruption } from './eviction-budget.js';
import { readDeleteOptions } from './delete-options.js';
import { rfc3339 } from './object-meta.js';
import { patchedObject, readPatch } from './patch.js';
import { handlePodLog } from './pod-log.js';
import { checkObjectShape, readRequestObject } from './request-object.js';
import { applyScale, scalePathsOf, toScale } from './scale.js';
import { handleServiceAccountToken } from './service-account-token.js';
import type { RequestScope } from './scope.js';
import { send, sendStored } from './scope.js';
import { updateObject } from './update-object.js';
import { parseWriteOptions } from './write-options.js';
import { requireObject } from '../http/body.js';

const created = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

export async function handleSubresource(scope: RequestScope, verb: Verb): Promise<void> {
  const sub = scope.subresource!;
  const info = scope.resource.info.subresources.find((s) => s.name === sub);
  if (info === undefined || scope.name === undefined) throw pageNotFound();
  switch (sub) {
    case 'status':
      return handleStatus(scope, verb);
    case 'scale':
      return handleScale(scope, verb);
    case 'binding':
      if (verb !== 'create') throw serverMethodNotAllowed();
      return handleBinding(scope);
    case 'eviction':
      if (verb !== 'create') throw serverMethodNotAllowed();
      return handleEviction(scope);
    case 'log':
      if (verb !== 'get' || scope.resource.info.plural !== 'pods') throw serverMethodNotAllowed();
      return handlePodLog(scope);
    case 'exec':
    case 'attach':
    case 'portforward':
      // Served on Upgrade requests only (pod-stream-proxy.ts); a plain request is refused as upstream.
      if (scope.resource.info.plural !== 'pods' || (verb !== 'get' && verb !== 'create')) throw serverMethodNotAllowed();
      throw badRequest('Upgrade request required');
    case 'token':
      if (verb !== 'create') throw serverMethodNotAllowed();
      return handleServiceAccountToken(scope);
    case 'finalize':
      if (verb !== 'update') throw serverMethodNotAllowed();
      return handleFinalize(scope);
    default:
      throw serverMethodNotAllowed();
  }
}

async function handleStatus(scope: RequestScope, verb: Verb): Promise<void> {
  const name = scope.name!;
  if (verb === 'get') return sendStored(scope, 200, await scope.storage.get(scope.namespace, name));
  if (verb === 'update') {
    const options = parseWriteOptions(scope.query, scope.req);
    const object = await readRequestObject(scope);
    object.metadata.name = name;
    const result = await updateObject(scope, name, { mutate: () => object, replaces: true, statusOnly: true }, options);
    return sendStored(scope, 200, result);
  }
  if (verb === 'patch') {
    const request = await readPatch(scope);
    const result = await updateObject(scope, name, { mutate: (current) => patchedObject(scope, current, request), statusOnly: true }, request.options);
    return sendStored(scope, 200, result);
  }
  throw serverMethodNotAllowed();
}

async function handleScale(scope: RequestScope, verb: Verb): Promise<void> {
  const name = scope.name!;
  const paths = scalePathsOf(scope.resource);
  if (paths === undefined) throw pageNotFound();
  const scaleScope: RequestScope = { ...scope, format: { ...scope.format, view: 'Object' } };
  const expected = { apiVersion: 'autoscaling/v1', kind: 'Scale' };
  if (verb === 'get') {
    const { object } = await scope.storage.get(scope.namespace, name);
    return send(scaleScope, 200, toScale(scope.resource, object, paths));
  }
  let mutate: (current: KubeObject) => KubeObject | Promise<KubeObject>;
  let options;
  if (verb === 'update') {
    options = parseWriteOptions(scope.query, scope.req);
    const scale = await readRequestObject(scope, expected);
    mutate = (current) => applyScale(current, scale, paths);
  } else if (verb === 'patch') {
    const request = await readPatch(scope);
    options = request.options;
    mutate = (current) => {
      const patched = patchedScale(scope, toScale(scope.resource, current, paths), request);
      return applyScale(current, patched, paths);
    };
  } else throw serverMethodNotAllowed();
  const result = await updateObject(scope, name, { mutate }, options);
  send(scaleScope, 200, toScale(scope.resource, result.object, paths));
}

/** A Scale has no list fields and no schema of its own here: every patch type merges like a merge patch. */
function patchedScale(scope: RequestScope, scale: KubeObject, request: Awaited<ReturnType<typeof readPatch>>): KubeObject {
  const scaleScope = { ...scope, resource: { ...scope.resource, info: { ...scope.resource.info, group: 'autoscaling', version: 'v1', kind: 'Scale' } } };
  const patched = patchedObject(scaleScope, scale, request.type === 'json' ? request : { ...request, type: 'merge' });
  return checkObjectShape(scaleScope, requireObject(patched), { apiVersion: 'autoscaling/v1', kind: 'Scale' });
}

async function handleBinding(scope: RequestScope): Promise<void> {
  const binding = await readRequestObject(scope, { apiVersion: 'v1', kind: 'Binding' });
  await bindPod(scope, scope.name!, binding);
}

/** Sets spec.nodeName and the PodScheduled condition, once: the scheduler's write. Answers 201 Success. */
export async function bindPod(scope: RequestScope, name: string, binding: KubeObject): Promise<void> {
  const options = parseWriteOptions(scope.query, scope.req);
  const target = (binding.target ?? {}) as { name?: string; kind?: string };
  if (typeof target.name !== 'string' || target.name === '') {
    throw conflict(groupResourceOf(scope.resource), name, 'binding target name is required');
  }
  await updateObject(
    scope,
    name,
    {
      mutate: (pod) => {
        const spec = (pod.spec ?? {}) as Record<string, unknown>;
        if (pod.metadata.deletionTimestamp !== undefined) throw conflict(groupResourceOf(scope.resource), name, `pod ${name} is being deleted, cannot be assigned to a host`);
        if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
          throw conflict(groupResourceOf(scope.resource), name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
        }
        pod.spec = { ...spec, nodeName: target.name };
        const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
        const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
        conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: rfc3339(scope.ctx.clock()) });
        pod.status = { ...status, conditions };
        if (binding.metadata.annotations !== undefined) pod.metadata.annotations = { ...pod.metadata.annotations, ...binding.metadata.annotations };
        return pod;
      },
      writesStatusToo: true,
      skipImmutabilityChecks: true,
    },
    options,
  );
  send({ ...scope, format: { ...scope.format, view: 'Object' } }, 201, created);
}

async function handleEviction(scope: RequestScope): Promise<void> {
  const name = scope.name!;
  const eviction = await readRequestObject(scope, { apiVersion: 'policy/v1', kind: 'Eviction' });
  const deleteOptions = (eviction.deleteOptions ?? {}) as { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } };
  const exists = await scope.storage.get(scope.namespace, name).catch(() => undefined);
  if (exists === undefined) throw notFound(groupResourceOf(scope.resource), name);
  const dryRun = parseWriteOptions(scope.query, scope.req).dryRun;
  await checkAndTakeDisruption(scope.ctx, exists.object, dryRun);
  await deleteObject(scope, scope.namespace, name, {
    gracePeriodSeconds: deleteOptions.gracePeriodSeconds,
    preconditions: deleteOptions.preconditions,
    dryRun,
  });
  send({ ...scope, format: { ...scope.format, view: 'Object' } }, 201, created);
}

async function handleFinalize(scope: RequestScope): Promise<void> {
  const name = scope.name!;
  const options = parseWriteOptions(scope.query, scope.req);
  const input = await readRequestObject(scope);
  const finalizers = ((input.spec ?? {}) as { finalizers?: unknown }).finalizers;
  const result = await updateObject(
    scope,
    name,
    {
      mutate: (namespace) => {
        namespace.spec = { ...((namespace.spec ?? {}) as object), finalizers: Array.isArray(finalizers) ? finalizers : [] };
        return namespace;
      },
    },
    options,
  );
  sendStored(scope, 200, result);
}
