// The disruption controller: keeps each PodDisruptionBudget's status (expected, current and
// desired healthy pods, disruptionsAllowed, the DisruptionAllowed condition) in step with the pods
// its selector matches. The eviction subresource reads that status and takes disruptions from it.
import type { Condition, Deployment, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus, ReplicaSet } from '../api/index.js';
import { isNotFound, objectKey, type Informer, type ResourceClient } from '../client/index.js';
import { labelSelectorFromObject, matchesLabels } from '../machinery/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { isPodReady } from './pod-state.js';
import { requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';

/** An eviction the controller has not seen the pod deletion of is forgotten after this long (upstream's DeletionTimeout). */
export const DISRUPTED_POD_TIMEOUT_MS = 2 * 60 * 1000;

export const disruptionController: ControllerFactory = (context) => new DisruptionController(context).controller();

class DisruptionController {
  private readonly budgets: Informer<PodDisruptionBudget>;
  private readonly pods: Informer<Pod>;
  private readonly budgetClient: ResourceClient<PodDisruptionBudget>;

  constructor(private readonly context: ControllerContext) {
    this.budgets = context.manager.informer<PodDisruptionBudget>('policy/v1', 'poddisruptionbudgets');
    this.pods = context.manager.informer<Pod>('v1', 'pods');
    this.budgetClient = context.client.resource<PodDisruptionBudget>('policy/v1', 'poddisruptionbudgets');
  }

  controller(): Controller {
    return {
      name: 'disruption',
      watches: [{ informer: this.budgets }, { informer: this.pods, map: (pod: Pod) => this.budgetsOf(pod) }],
      reconcile: (key) => this.reconcile(key),
    };
  }

  private budgetsOf(pod: Pod): string[] {
    return this.budgets.cache
      .byIndex('namespace', pod.metadata?.namespace ?? '')
      .filter((budget) => selects(budget, pod))
      .map((budget) => objectKey(budget));
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const budget = this.budgets.cache.get(key);
    if (budget === undefined || budget.metadata?.deletionTimestamp) return;
    const pods = this.pods.cache.byIndex('namespace', budget.metadata?.namespace ?? '').filter((pod) => selects(budget, pod));
    const now = this.context.clock.now();
    const { disruptedPods, nextExpiry } = this.liveDisruptions(budget, pods, now);
    const expectedPods = await this.expectedCount(budget, pods);
    const currentHealthy = pods.filter((pod) => !pod.metadata?.deletionTimestamp && !((pod.metadata?.name ?? '') in disruptedPods) && isPodReady(pod)).length;
    const desiredHealthy = desiredHealthyOf(budget, expectedPods);
    const disruptionsAllowed = expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
    const status: PodDisruptionBudgetStatus = {
      ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy,
      expectedPods,
      observedGeneration: budget.metadata?.generation,
      conditions: [allowedCondition(budget.status?.conditions, disruptionsAllowed > 0, budget.metadata?.generation, now)],
    };
    if (JSON.stringify(status) !== JSON.stringify(budget.status ?? {})) {
      try {
        await this.budgetClient.updateStatus({ ...budget, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', status });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return nextExpiry === undefined ? undefined : requeueAfter(Math.max(1, nextExpiry - now));
  }

  /** disruptedPods entries still waiting for their pod's deletion (and not timed out). */
  private liveDisruptions(budget: PodDisruptionBudget, pods: Pod[], now: number): { disruptedPods: Record<string, string>; nextExpiry?: number } {
    const disruptedPods: Record<string, string> = {};
    let nextExpiry: number | undefined;
    for (const [name, since] of Object.entries(budget.status?.disruptedPods ?? {})) {
      const pod = pods.find((candidate) => candidate.metadata?.name === name);
      if (pod === undefined || pod.metadata?.deletionTimestamp) continue;
      const expiry = Date.parse(since) + DISRUPTED_POD_TIMEOUT_MS;
      if (expiry <= now) continue;
      disruptedPods[name] = since;
      nextExpiry = nextExpiry === undefined ? expiry : Math.min(nextExpiry, expiry);
    }
    return { disruptedPods, nextExpiry };
  }

  /**
   * With an integer minAvailable the matching pods are the expected ones; otherwise the sum of the
   * scale of the pods' controllers (Deployment through its ReplicaSet, ReplicaSet, StatefulSet,
   * ReplicationController), falling back to the matching pod count when a controller is unknown.
   */
  private async expectedCount(budget: PodDisruptionBudget, pods: Pod[]): Promise<number> {
    const minAvailable = budget.spec?.minAvailable;
    if (budget.spec?.maxUnavailable === undefined && typeof minAvailable === 'number') return pods.length;
    const scales = new Map<string, number>();
    const byOwner = new Map<string, Promise<{ uid: string; replicas: number } | undefined>>();
    for (const pod of pods) {
      const owner = pod.metadata?.ownerReferences?.find((reference) => reference.controller);
      if (owner === undefined) return pods.length;
      if (!byOwner.has(owner.uid)) byOwner.set(owner.uid, this.scaleOf(pod.metadata?.namespace ?? '', owner.apiVersion, owner.kind, owner.name));
      const scale = await byOwner.get(owner.uid);
      if (scale === undefined) return pods.length;
      scales.set(scale.uid, scale.replicas);
    }
    return [...scales.values()].reduce((sum, replicas) => sum + replicas, 0);
  }

  private async scaleOf(namespace: string, apiVersion: string, kind: string, name: string): Promise<{ uid: string; replicas: number } | undefined> {
    const plural = { ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', ReplicationController: 'replicationcontrollers', Deployment: 'deployments' }[kind];
    if (plural === undefined) return undefined;
    try {
      const object = await this.context.client.resource<ReplicaSet>(apiVersion, plural).get(name, { namespace });
      const deployment = object.metadata?.ownerReferences?.find((reference) => reference.controller && reference.kind === 'Deployment');
      if (kind === 'ReplicaSet' && deployment !== undefined) {
        const parent = await this.context.client.resource<Deployment>('apps/v1', 'deployments').get(deployment.name, { namespace });
        return { uid: parent.metadata?.uid ?? '', replicas: parent.spec?.replicas ?? 1 };
      }
      return { uid: object.metadata?.uid ?? '', replicas: object.spec?.replicas ?? 1 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function selects(budget: PodDisruptionBudget, pod: Pod): boolean {
  const selector = budget.spec?.selector;
  return selector !== undefined && selector !== null && matchesLabels(labelSelectorFromObject(selector), pod.metadata?.labels);
}

/** Resolves an int-or-percent against a total, rounding up as upstream does for PDBs. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(value.replace(/%$/, ''), 10);
  return Math.ceil((percent * total) / 100);
}

function desiredHealthyOf(budget: PodDisruptionBudget, expectedPods: number): number {
  const { maxUnavailable, minAvailable } = budget.spec ?? {};
  if (maxUnavailable !== undefined) return Math.max(0, expectedPods - scaledValue(maxUnavailable, expectedPods));
  if (minAvailable !== undefined) return scaledValue(minAvailable, expectedPods);
  return 0;
}

function allowedCondition(previous: Condition[] | undefined, allowed: boolean, generation: number | undefined, now: number): Condition {
  const status = allowed ? 'True' : 'False';
  const old = previous?.find((condition) => condition.type === 'DisruptionAllowed');
  return {
    type: 'DisruptionAllowed',
    status,
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    observedGeneration: generation,
    lastTransitionTime: old?.status === status ? old.lastTransitionTime : new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}
