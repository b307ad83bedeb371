// What a status write sends and when it is needed, as upstream's status manager decides it: the
// merge patch carries only the top-level status fields that changed (lists whole, fields the kubelet
// no longer reports nulled), and a status the kubelet already wrote is not written again while the
// pod cache still shows an older version of the pod (its own earlier write, not yet seen), as
// upstream compares with the status it last set rather than with the informer's copy.
import type { Pod, PodStatus } from '../api/index.js';
import { sameJson } from './same-json.js';

/**
 * The kubelet's last status write of a pod, kept only until the pod cache shows it (or something
 * newer): the resourceVersion the write produced (kept only when it is a number) and what it wrote.
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

/** Whether the cached pod already shows the write (or a later version), so `written` can be dropped. */
export function cacheHasSeen(pod: Pod, written: WrittenStatus): boolean {
  const cached = resourceVersionNumber(pod);
  return cached !== undefined && cached >= written.resourceVersion;
}

/**
 * The merge patch of pods/status that brings the pod to `status`, or undefined when no write is
 * needed. `written` is the kubelet's last write for this pod if the cache may not show it yet.
 */
export function statusPatch(pod: Pod, status: PodStatus, written: WrittenStatus | undefined): Record<string, unknown> | undefined {
  const current = (pod.status ?? {}) as Record<string, unknown>;
  if (written !== undefined && !cacheHasSeen(pod, written)) {
    // The cache may not show our last write: no need to write the same again; anything else goes
    // whole (a field may differ from the server's though it equals the stale cache's).
    if (sameJson(written.status, status)) return undefined;
    const patch: Record<string, unknown> = { ...status };
    for (const key of NULLABLE) if (status[key] === undefined && (current[key] != null || written.status[key] != null)) patch[key] = null;
    return patch;
  }
  if (sameJson(current, status)) return undefined;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) if (!sameJson(current[key], value)) patch[key] = value;
  for (const key of NULLABLE) if (current[key] != null && status[key] === undefined) patch[key] = null;
  return patch;
}
