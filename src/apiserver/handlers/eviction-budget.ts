// The PodDisruptionBudget check of pods/eviction (upstream's EvictionREST): a pod covered by a
// budget with no disruptions left is refused with 429; otherwise the budget's disruptionsAllowed
// is decremented and the pod recorded in status.disruptedPods before the pod is deleted.
import { failureStatus, labelSelectorFromObject, matchesLabels } from '../../machinery/index.js';
import type { ApiContext } from '../context.js';
import { decodeObject, ResourceStorage, type KubeObject } from '../storage/resource-storage.js';
import { rfc3339 } from './object-meta.js';

interface BudgetStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
  disruptedPods?: Record<string, string>;
}

const MAX_DISRUPTED_PODS = 2000;
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Pods that are finished, not yet running, or already terminating need no budget (upstream's canIgnorePDB). */
function canIgnoreBudget(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return pod.metadata.deletionTimestamp !== undefined || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || phase === undefined;
}

function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/**
 * Checks the pod's budget and takes one disruption from it (not on dry run). Throws the Status
 * upstream answers with when the eviction is not allowed.
 */
export async function checkAndTakeDisruption(ctx: ApiContext, pod: KubeObject, dryRun: boolean): Promise<void> {
  if (canIgnoreBudget(pod)) return;
  const resource = ctx.served.find('policy', 'v1', 'poddisruptionbudgets');
  if (resource === undefined) return;
  const storage = new ResourceStorage(ctx.store, resource);
  const namespace = pod.metadata.namespace;
  const { kvs } = await ctx.store.list(storage.prefix(namespace));
  const budgets = kvs
    .map((kv) => ({ object: decodeObject(resource, kv), modRevision: kv.modRevision }))
    .filter(({ object }) => {
      const selector = (object.spec as { selector?: unknown } | undefined)?.selector;
      return selector !== undefined && selector !== null && matchesLabels(labelSelectorFromObject(selector as never), pod.metadata.labels);
    });
  if (budgets.length === 0) return;
  if (budgets.length > 1) throw failureStatus(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  const { object: budget, modRevision } = budgets[0]!;
  const status = (budget.status ?? {}) as BudgetStatus;
  const name = budget.metadata.name ?? '';
  // An unready pod may go while the budget is met without using a disruption (IfHealthyBudget).
  if (!isPodReady(pod) && (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0) return;
  if ((status.observedGeneration ?? 0) < (budget.metadata.generation ?? 0)) {
    throw refusal(`The disruption budget ${name} is still being processed by the server.`);
  }
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw failureStatus(403, 'Forbidden', 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) throw failureStatus(403, 'Forbidden', 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (allowed === 0) {
    throw refusal(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  }
  if (dryRun) return;
  budget.status = {
    ...status,
    disruptionsAllowed: allowed - 1,
    disruptedPods: { ...(status.disruptedPods ?? {}), [pod.metadata.name ?? '']: rfc3339(ctx.clock()) },
  };
  // A concurrent eviction changed the budget: upstream retries; the client (kubectl drain) does too on 429.
  await storage.update(budget, modRevision).catch(() => {
    throw refusal(`The disruption budget ${name} was changed by a concurrent eviction; try again.`);
  });
}

function refusal(causeMessage: string): Error {
  return failureStatus(429, 'TooManyRequests', VIOLATION, { causes: [{ reason: 'DisruptionBudget', message: causeMessage }] });
}
