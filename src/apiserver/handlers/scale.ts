// The scale subresource: an autoscaling/v1 Scale view of deployments, replicasets, statefulsets,
// replicationcontrollers and custom resources with spec.versions[].subresources.scale.
import { fieldInvalid, invalid, labelSelectorFromObject, selectorToString } from '../../machinery/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';

export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

const BUILTIN: ScalePaths = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' };

export function scalePathsOf(resource: ServedResource): ScalePaths | undefined {
  if (resource.custom !== undefined) return resource.custom.scale;
  const scale = resource.info.subresources.find((s) => s.name === 'scale');
  return scale === undefined ? undefined : BUILTIN;
}

const segments = (path: string) => path.replace(/^\./, '').split('.').filter((s) => s !== '');

function read(object: unknown, path: string): unknown {
  return segments(path).reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), object);
}

function write(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = segments(path);
  let node = object;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function builtinSelector(resource: ServedResource, object: KubeObject): string {
  const selector = (object.spec as { selector?: unknown } | undefined)?.selector;
  if (selector === undefined || selector === null) return '';
  if (resource.info.plural === 'replicationcontrollers') {
    return Object.entries(selector as Record<string, string>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
  }
  try {
    return selectorToString(labelSelectorFromObject(selector as Parameters<typeof labelSelectorFromObject>[0]));
  } catch {
    return '';
  }
}

export function toScale(resource: ServedResource, object: KubeObject, paths: ScalePaths): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  const status: Record<string, unknown> = { replicas: Number(read(object, paths.statusReplicasPath) ?? 0) };
  const selector = resource.custom !== undefined
    ? (paths.labelSelectorPath !== undefined ? read(object, paths.labelSelectorPath) : undefined)
    : builtinSelector(resource, object);
  if (typeof selector === 'string' && selector !== '') status.selector = selector;
  const metadata: KubeObject['metadata'] = { name, namespace, uid, resourceVersion, creationTimestamp };
  for (const key of Object.keys(metadata) as (keyof typeof metadata)[]) if (metadata[key] === undefined) delete metadata[key];
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: Number(read(object, paths.specReplicasPath) ?? 0) },
    status,
  };
}

/** The object with the Scale's spec.replicas written back (and its resourceVersion as precondition). */
export function applyScale(object: KubeObject, scale: KubeObject, paths: ScalePaths): KubeObject {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    throw invalid({ group: 'autoscaling', kind: 'Scale' }, object.metadata.name ?? '', [
      fieldInvalid('spec.replicas', replicas, 'must be greater than or equal to 0'),
    ]);
  }
  const next = structuredClone(object);
  write(next, paths.specReplicasPath, replicas ?? 0);
  next.metadata.resourceVersion = scale.metadata.resourceVersion;
  return next;
}
