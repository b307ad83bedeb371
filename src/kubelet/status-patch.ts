// What a status write sends and what it starts from, as upstream's status manager does it: the
// merge patch carries only the top-level status fields that changed (lists whole, fields the kubelet
// no longer reports nulled); and until the pod cache shows the kubelet's last write, that write (not
// the cache's older status) is the status the next one starts from (start time, condition
// transition times) and is compared with, so a lagging cache neither costs writes nor makes
// statuses flap.
import type { Pod, PodStatus } from '../api/index.js';
import { sameJson } from './same-json.js';

/**
 * The kubelet's last status write of a pod, kept only until the pod cache shows it (or something
 * newer): the resourceVersion the write produced and what it wrote.
 */
export interface WrittenStatus {
  resourceVersion: number;
  status: PodStatus;
}

const NULLABLE = ['initContainerStatuses', 'podIP', 'podIPs'] as const;

/** A resourceVersion as a number, when it is one (etcd's and this server's are). */
export function resourceVersionNumber(pod: Pod | undefined): number | undefined {
  const text = pod?.metadata?.resourceVersion;
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/**
 * The pod as the kubelet last knew it: the cached pod, with the status of the kubelet's last write
 * while the cache has not caught up with it. Drops `written` entries the cache has caught up with.
 */
export function withLastStatus(pod: Pod, written: Map<string, WrittenStatus>): Pod {
  const uid = pod.metadata?.uid ?? '';
  const last = written.get(uid);
  if (last === undefined) return pod;
  const cached = resourceVersionNumber(pod);
  if (cached !== undefined && cached >= last.resourceVersion) {
    written.delete(uid);
    return pod;
  }
  return { ...pod, status: last.status };
}

/**
 * The merge patch of pods/status from `current` to `status`, or undefined when no field the kubelet
 * reports differs (fields it does not report, e.g. a nominatedNodeName, are left alone).
 */
export function statusPatch(current: PodStatus | undefined, status: PodStatus): Record<string, unknown> | undefined {
  const before = (current ?? {}) as Record<string, unknown>;
  const after = status as Record<string, unknown>;
  let patch: Record<string, unknown> | undefined;
  for (const key in after) {
    const value = after[key];
    if (value !== undefined && !sameJson(before[key], value)) (patch ??= {})[key] = value;
  }
  for (const key of NULLABLE) if (before[key] != null && after[key] === undefined) (patch ??= {})[key] = null;
  return patch;
}
