// The ReplicaSet controller: keeps spec.replicas active pods matching the selector. Creates pods
// from the template (generateName "<rs>-", controller reference), adopts matching orphans, releases
// pods that stop matching, deletes the cheapest extras first, and reports status. Expectations keep
// a lagging pod cache from causing double creations or deletions.
import type { OwnerReference, Pod, ReplicaSet, ReplicaSetStatus } from '../api/index.js';
import { isConflict, isNotFound, objectKey, type Informer, type ResourceClient } from '../client/index.js';
import { labelSelectorFromObject, matchesLabels } from '../machinery/index.js';
import { claimCandidates, ORPHAN_INDEX, orphanIndexer, ownersToReconcile } from './claim-pods.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { slowStartBatch } from './slow-start-batch.js';
import { adopt, controllerRefTo, releaseOwner } from './owner-references.js';
import { compareForDeletion, isPodActive, isPodAvailable, isPodReady } from './pod-state.js';
import { ReplicaSetPodTally } from './replicaset-pod-tally.js';
import { controllerOwnerKey, Expectations, LastWritten, requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';

const BURST_REPLICAS = 500;
const rsOwnerKey = controllerOwnerKey({ apiVersion: 'apps/v1', kind: 'ReplicaSet' });

export const replicaSetController: ControllerFactory = (context) => new ReplicaSetController(context).controller();

class ReplicaSetController {
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly pods: Informer<Pod>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly rsClient: ResourceClient<ReplicaSet>;
  private readonly expectations: Expectations;
  /** The ReplicaSets whose status this controller wrote, until the informer has them. */
  private readonly written = new LastWritten<ReplicaSet>();
  /** Per ReplicaSet, its controlled pods and their counts, kept from pod events. */
  private readonly tally = new ReplicaSetPodTally();

  constructor(private readonly context: ControllerContext) {
    this.replicaSets = context.manager.informer<ReplicaSet>('apps/v1', 'replicasets');
    this.pods = context.manager.informer<Pod>('v1', 'pods', { indexers: { [ORPHAN_INDEX]: orphanIndexer } });
    this.podClient = context.client.resource<Pod>('v1', 'pods');
    this.rsClient = context.client.resource<ReplicaSet>('apps/v1', 'replicasets');
    this.expectations = new Expectations({ clock: context.clock });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        this.tally.observe(undefined, pod);
        for (const key of rsOwnerKey(pod)) this.expectations.creationObserved(key);
      },
      onUpdate: (old, pod) => {
        this.tally.observe(old, pod);
        if (!old.metadata?.deletionTimestamp && pod.metadata?.deletionTimestamp) {
          for (const key of rsOwnerKey(pod)) this.expectations.deletionObserved(key, objectKey(pod));
        }
      },
      onDelete: (pod) => {
        this.tally.observe(pod, undefined);
        for (const key of rsOwnerKey(pod)) this.expectations.deletionObserved(key, objectKey(pod));
      },
    });
  }

  controller(): Controller {
    return {
      name: 'replicaset',
      workers: 2,
      watches: [{ informer: this.replicaSets }, { informer: this.pods, map: (pod: Pod) => this.ownersOf(pod) }],
      reconcile: (key) => this.reconcile(key),
    };
  }

  /** The controlling ReplicaSet, or for an orphan every ReplicaSet whose selector matches (adoption). */
  private ownersOf(pod: Pod): string[] {
    return ownersToReconcile(pod, rsOwnerKey, this.replicaSets.cache);
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const cached = this.replicaSets.cache.get(key);
    if (cached === undefined) {
      this.expectations.delete(key);
      this.written.forget(key);
      return;
    }
    const rs = this.written.freshest(key, cached);
    const uid = rs.metadata?.uid ?? '';
    const tallied = this.tally.counts(uid, { selector: rs.spec?.selector, templateLabels: rs.spec?.template?.metadata?.labels });
    let pods: OwnedPods;
    if (tallied.strays === 0 && !this.hasOrphanToAdopt(rs)) {
      // Nothing to claim: the counts kept from pod events are what a walk over the pods would find.
      const minReady = (rs.spec?.minReadySeconds ?? 0) > 0;
      const snapshot = minReady ? this.tally.activePods(uid) : undefined;
      pods = { count: tallied.active, ready: tallied.ready, fullyLabeled: tallied.fullyLabeled, active: () => snapshot ?? this.tally.activePods(uid) };
    } else {
      const active = await this.claimActivePods(rs);
      pods = { count: active.length, ...countPods(active, Object.entries(rs.spec?.template?.metadata?.labels ?? {})), active: () => active };
    }
    if (this.expectations.satisfied(key) && !rs.metadata?.deletionTimestamp) await this.manageReplicas(key, rs, pods);
    return this.updateStatus(key, rs, pods);
  }

  /** Whether a pod without a controller would be adopted (ClaimPods would patch it). */
  private hasOrphanToAdopt(rs: ReplicaSet): boolean {
    if (rs.metadata?.deletionTimestamp) return false;
    const orphans = this.pods.cache.byIndex(ORPHAN_INDEX, rs.metadata?.namespace ?? '');
    if (orphans.length === 0) return false;
    const selector = labelSelectorFromObject(rs.spec?.selector);
    return orphans.some((pod) => !pod.metadata?.deletionTimestamp && matchesLabels(selector, pod.metadata?.labels));
  }

  /** Claims the pods (upstream's ClaimPods) and returns the active ones among those owned. */
  private async claimActivePods(rs: ReplicaSet): Promise<Pod[]> {
    const selector = labelSelectorFromObject(rs.spec?.selector);
    const uid = rs.metadata?.uid;
    const active: Pod[] = [];
    for (const pod of claimCandidates(this.pods.cache, rs)) {
      const controllerRef = controllerOf(pod);
      const matches = matchesLabels(selector, pod.metadata?.labels);
      if (controllerRef !== undefined) {
        if (controllerRef.uid !== uid) continue;
        if (matches) {
          if (isPodActive(pod)) active.push(pod);
        } else if (!pod.metadata?.deletionTimestamp) await this.ignoreGone(releaseOwner(this.podClient, pod, uid ?? ''));
        continue;
      }
      if (!matches || rs.metadata?.deletionTimestamp || pod.metadata?.deletionTimestamp) continue;
      const adopted = await this.ignoreGone(adopt(this.podClient, pod, controllerRefTo(rs, 'apps/v1', 'ReplicaSet')));
      if (adopted !== undefined && isPodActive(adopted)) active.push(adopted);
    }
    return active;
  }

  private async manageReplicas(key: string, rs: ReplicaSet, pods: OwnedPods): Promise<void> {
    const diff = pods.count - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, count);
      const { results, skipped, errors } = await slowStartBatch(count, () => this.podClient.create(this.podFromTemplate(rs), { namespace: rs.metadata?.namespace }));
      for (const pod of results) void this.context.recorder.normal(typed(rs), 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`);
      for (const error of errors) void this.context.recorder.warning(typed(rs), 'FailedCreate', `Error creating: ${errorText(error)}`);
      // Failed and skipped creations will never be observed.
      for (let i = 0; i < errors.length + skipped; i++) this.expectations.creationObserved(key);
      if (errors.length > 0) throw errors[0];
    } else if (diff > 0) {
      const victims = [...pods.active()].sort(compareForDeletion).slice(0, Math.min(diff, BURST_REPLICAS));
      this.expectations.expectDeletions(key, victims.map((pod) => objectKey(pod)));
      await Promise.all(
        victims.map(async (pod) => {
          try {
            await this.podClient.delete(pod.metadata?.name ?? '', { namespace: pod.metadata?.namespace, preconditions: { uid: pod.metadata?.uid } });
            void this.context.recorder.normal(typed(rs), 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
          } catch (error) {
            this.expectations.deletionObserved(key, objectKey(pod));
            if (!isNotFound(error)) throw error;
          }
        }),
      );
    }
  }

  private podFromTemplate(rs: ReplicaSet): Pod {
    const template = rs.spec?.template ?? {};
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata?.name}-`,
        namespace: rs.metadata?.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(template.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
        ownerReferences: [controllerRefTo(rs, 'apps/v1', 'ReplicaSet')],
      },
      spec: structuredClone(template.spec ?? { containers: [] }),
    };
  }

  private async updateStatus(key: string, rs: ReplicaSet, pods: OwnedPods): Promise<ReconcileResult> {
    const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
    const available = minReadySeconds > 0 ? countAvailable(pods.active(), minReadySeconds, this.context.clock.now()) : pods.ready;
    const status: ReplicaSetStatus = {
      ...(rs.status ?? {}),
      replicas: pods.count,
      fullyLabeledReplicas: pods.fullyLabeled,
      readyReplicas: pods.ready,
      availableReplicas: available,
      observedGeneration: rs.metadata?.generation ?? 0,
    };
    for (const field of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const) if (status[field] === 0) delete status[field];
    const current: ReplicaSetStatus = rs.status ?? { replicas: 0 };
    const changed = (['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const).some((field) => (current[field] ?? 0) !== (status[field] ?? 0));
    if (changed) {
      try {
        this.written.remember(key, await this.rsClient.updateStatus({ ...typed(rs), status }));
      } catch (error) {
        // A conflict means a newer version exists; its watch event enqueues this key again.
        if (!isNotFound(error) && !isConflict(error)) throw error;
      }
    }
    if (minReadySeconds > 0 && pods.ready > available) return requeueAfter(minReadySeconds * 1000);
  }

  private async ignoreGone<T>(write: Promise<T>): Promise<T | undefined> {
    try {
      return await write;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

/** The owned active pods of a ReplicaSet: how many, how many ready and fully labeled, and the pods themselves. */
interface OwnedPods {
  count: number;
  ready: number;
  fullyLabeled: number;
  active(): Pod[];
}

/** Fully labeled (carrying every template label) and ready pods, in one pass. */
function countPods(active: Pod[], templateLabels: [string, string][]): { fullyLabeled: number; ready: number } {
  let fullyLabeled = 0;
  let ready = 0;
  for (const pod of active) {
    const labels = pod.metadata?.labels;
    if (templateLabels.every(([name, value]) => labels?.[name] === value)) fullyLabeled += 1;
    if (isPodReady(pod)) ready += 1;
  }
  return { fullyLabeled, ready };
}

function countAvailable(active: Pod[], minReadySeconds: number, now: number): number {
  let available = 0;
  for (const pod of active) if (isPodAvailable(pod, minReadySeconds, now)) available += 1;
  return available;
}

function controllerOf(pod: Pod): OwnerReference | undefined {
  const references = pod.metadata?.ownerReferences;
  if (references === undefined) return undefined;
  for (const reference of references) if (reference.controller) return reference;
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function typed(rs: ReplicaSet): ReplicaSet {
  return { ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
}
