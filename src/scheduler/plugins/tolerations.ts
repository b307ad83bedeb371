// Taints and tolerations, as upstream's v1helper: an empty toleration key matches every key, an
// empty effect every effect; operator Equal (the default) compares values, Exists ignores them.
import type { Taint, Toleration } from '../../api/index.js';

export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerated(taint: Taint, tolerations: readonly Toleration[]): boolean {
  for (const toleration of tolerations) if (toleratesTaint(toleration, taint)) return true;
  return false;
}

/** The first taint (in the node's order) that `include` selects and no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], include: (taint: Taint) => boolean): Taint | undefined {
  for (const taint of taints) {
    if (include(taint) && !tolerated(taint, tolerations)) return taint;
  }
  return undefined;
}

export const isHardTaint = (taint: Taint): boolean => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
