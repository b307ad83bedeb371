// Conversions between versions that share a key space but not a shape. Most built-ins differ only in
// apiVersion; core/v1 and events.k8s.io/v1 Events rename fields and autoscaling v1/v2 HPAs describe
// CPU targets differently, so those are converted here (v1 keeps only the CPU target, as upstream's
// v1 view shows). Objects are stored as written and converted on read.
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from './resource-storage.js';

/** core/v1 Event field -> events.k8s.io/v1 Event field */
const CORE_TO_EVENTS: Record<string, string> = {
  involvedObject: 'regarding',
  message: 'note',
  reportingComponent: 'reportingController',
  source: 'deprecatedSource',
  firstTimestamp: 'deprecatedFirstTimestamp',
  lastTimestamp: 'deprecatedLastTimestamp',
  count: 'deprecatedCount',
};
const EVENTS_TO_CORE = Object.fromEntries(Object.entries(CORE_TO_EVENTS).map(([core, events]) => [events, core]));

function rename(object: KubeObject, names: Record<string, string>): KubeObject {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) result[names[key] ?? key] = value;
  return result as KubeObject;
}

const groupOf = (apiVersion: unknown) => (typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

/** autoscaling/v1 HPA (CPU target only) -> v2 (metrics list). */
function hpaV1ToV2(stored: KubeObject): KubeObject {
  const { targetCPUUtilizationPercentage: target, ...spec } = obj(stored.spec);
  const { currentCPUUtilizationPercentage: current, ...status } = obj(stored.status);
  const result = { ...stored, spec: { ...spec } as Json } as KubeObject;
  if (typeof target === 'number') {
    (result.spec as Json).metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
  }
  if (stored.status !== undefined) {
    result.status = { ...status };
    if (typeof current === 'number') (result.status as Json).currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }];
  }
  return result;
}

/** autoscaling/v2 HPA -> v1: the CPU utilization metric becomes targetCPUUtilizationPercentage. */
function hpaV2ToV1(stored: KubeObject): KubeObject {
  const { metrics, behavior: _behavior, ...spec } = obj(stored.spec);
  const { currentMetrics, conditions: _conditions, ...status } = obj(stored.status);
  const isCpu = (m: unknown) => obj(m).type === 'Resource' && obj(obj(m).resource).name === 'cpu';
  const target = (Array.isArray(metrics) ? metrics : []).find(isCpu);
  const current = (Array.isArray(currentMetrics) ? currentMetrics : []).find(isCpu);
  const result = { ...stored, spec: { ...spec } as Json } as KubeObject;
  const targetValue = obj(obj(obj(target).resource).target).averageUtilization;
  if (typeof targetValue === 'number') (result.spec as Json).targetCPUUtilizationPercentage = targetValue;
  if (stored.status !== undefined) {
    result.status = { ...status };
    const currentValue = obj(obj(obj(current).resource).current).averageUtilization;
    if (typeof currentValue === 'number') (result.status as Json).currentCPUUtilizationPercentage = currentValue;
  }
  return result;
}

/** `stored` (as written, any served version) in the shape of `resource`'s version. */
export function convertForRead(resource: ServedResource, stored: KubeObject): KubeObject {
  const { group, kind, version } = resource.info;
  if (resource.custom !== undefined) return stored;
  if (kind === 'HorizontalPodAutoscaler') {
    const storedVersion = typeof stored.apiVersion === 'string' ? stored.apiVersion.split('/')[1] : '';
    if (version === 'v2' && storedVersion === 'v1') return hpaV1ToV2(stored);
    if (version === 'v1' && storedVersion === 'v2') return hpaV2ToV1(stored);
    return stored;
  }
  if (kind !== 'Event') return stored;
  const storedGroup = groupOf(stored.apiVersion);
  if (group === 'events.k8s.io' && storedGroup === '') return rename(stored, CORE_TO_EVENTS);
  if (group === '' && storedGroup === 'events.k8s.io') return rename(stored, EVENTS_TO_CORE);
  return stored;
}
