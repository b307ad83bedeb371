// Small readings of a Pod's status shared by the workload controllers (upstream's podutil).
import type { Pod } from '../api/index.js';

/** Not finished and not being deleted (upstream FilterActivePods). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function podReadySince(pod: Pod): number | undefined {
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready?.status !== 'True') return undefined;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isNaN(since) ? 0 : since;
}

export function isPodReady(pod: Pod): boolean {
  return podReadySince(pod) !== undefined;
}

/** Ready for at least minReadySeconds at `now` (ms since the epoch). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const since = podReadySince(pod);
  if (since === undefined) return false;
  return minReadySeconds <= 0 || since + minReadySeconds * 1000 <= now;
}

/** Upstream's deletion order (controller.ActivePods): the pods it is cheapest to lose first. */
export function compareForDeletion(a: Pod, b: Pod): number {
  const assigned = (pod: Pod) => (pod.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phaseRank = (pod: Pod) => ({ Pending: 0, Unknown: 1, Running: 2 })[pod.status?.phase ?? 'Pending'] ?? 0;
  if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
  const ready = (pod: Pod) => (isPodReady(pod) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const readySinceA = podReadySince(a) ?? 0;
  const readySinceB = podReadySince(b) ?? 0;
  if (readySinceA !== readySinceB) return readySinceB - readySinceA;
  const restarts = (pod: Pod) => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((status) => status.restartCount ?? 0));
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (pod: Pod) => Date.parse(pod.metadata?.creationTimestamp ?? '') || 0;
  return created(b) - created(a);
}
