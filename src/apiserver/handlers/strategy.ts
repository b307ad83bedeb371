// Per-kind bits of upstream's registry strategies that the generic handlers cannot know:
// the status a new object starts with, and namespace finalizers.
import { podQOSClass, withGeneratedJobSelector } from '../../machinery/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';
import { hasStatusSubresource } from './object-meta.js';

const key = (resource: ServedResource) => `${resource.info.group}/${resource.info.plural}`;

/** Kinds whose creators may set status (the kubelet registers nodes with theirs). */
const STATUS_KEPT_ON_CREATE = new Set(['/nodes', 'certificates.k8s.io/certificatesigningrequests', 'events.k8s.io/events']);

/** Upstream's ServiceAccount admission: pods run as the namespace's "default" account unless told otherwise. */
export function podServiceAccountOnCreate(resource: ServedResource, object: KubeObject): void {
  if (key(resource) !== '/pods') return;
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  if (typeof spec.serviceAccountName !== 'string' || spec.serviceAccountName === '') {
    spec.serviceAccountName = typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '' ? spec.serviceAccount : 'default';
  }
  spec.serviceAccount = spec.serviceAccountName;
  object.spec = spec;
}

/**
 * Upstream's DefaultTolerationSeconds admission: a pod that does not tolerate the not-ready or
 * unreachable NoExecute taints tolerates each for 300 s (then the node lifecycle controller evicts it).
 */
export function podDefaultTolerationsOnCreate(resource: ServedResource, object: KubeObject): void {
  if (key(resource) !== '/pods') return;
  const spec = (object.spec ?? {}) as { tolerations?: { key?: string; operator?: string; effect?: string }[] };
  const tolerations = [...(spec.tolerations ?? [])];
  for (const taint of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const tolerated = tolerations.some(
      (toleration) => (toleration.effect === undefined || toleration.effect === '' || toleration.effect === 'NoExecute') && (toleration.operator === 'Exists' && !toleration.key ? true : toleration.key === taint),
    );
    if (!tolerated) tolerations.push({ key: taint, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 } as never);
  }
  object.spec = { ...spec, tolerations };
}

/** Upstream's Job strategy: unless spec.manualSelector, the selector picks the job's uid and the template carries it. */
export function jobSelectorOnCreate(resource: ServedResource, object: KubeObject): void {
  if (key(resource) !== 'batch/jobs') return;
  object.spec = withGeneratedJobSelector(object).spec;
}

export function statusOnCreate(resource: ServedResource, object: KubeObject): void {
  const k = key(resource);
  if (k === '/namespaces') {
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    object.spec = { ...spec, finalizers: ['kubernetes'] };
    object.status = { phase: 'Active' };
    object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name ?? '' };
    return;
  }
  if (!hasStatusSubresource(resource) || STATUS_KEPT_ON_CREATE.has(k)) return;
  if (k === '/pods') object.status = { phase: 'Pending', qosClass: podQOSClass(object.spec) };
  else if (k === '/persistentvolumes' || k === '/persistentvolumeclaims') object.status = { phase: 'Pending' };
  else if (k === '/services') object.status = { loadBalancer: {} };
  else if (resource.custom !== undefined) delete object.status;
  else object.status = zeroStatus(resource);
}

const ZERO: Record<string, unknown> = { integer: 0, number: 0, string: '', boolean: false };

/** An empty status as Go serializes it: required (non-omitempty) scalars at their zero value. */
function zeroStatus(resource: ServedResource): Record<string, unknown> {
  const status = resource.walker.field(resource.schema, 'status');
  const result: Record<string, unknown> = {};
  for (const name of status?.required ?? []) {
    const field = resource.walker.field(status, name);
    const zero = field?.type === undefined ? undefined : ZERO[field.type];
    if (zero !== undefined) result[name] = zero;
  }
  return result;
}
