// The DaemonSet controller: one pod per eligible node (nodeSelector, required node affinity,
// taints against the pod's tolerations plus the standard daemon tolerations), each pinned with
// node affinity `metadata.name In [node]` so the default scheduler binds it; RollingUpdate
// (maxUnavailable) or OnDelete, ControllerRevisions per template, and status.
import type { ControllerRevision, DaemonSet, DaemonSetStatus, Node, Pod, PodTemplateSpec } from '../api/index.js';
import { isAlreadyExists, isNotFound, objectKey, type Informer, type ResourceClient } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { daemonNodeFit, pinnedToNode, withDaemonTolerations } from './daemonset-node-fit.js';
import { podTemplateHash, scaledValue } from './deployment-util.js';
import { claimCandidates, claimPods, ORPHAN_INDEX, orphanIndexer, ownersToReconcile } from './claim-pods.js';
import { controllerRefTo } from './owner-references.js';
import { truncateRevisionHistory } from './revision-history.js';
import { isPodAvailable, isPodReady } from './pod-state.js';
import { controllerOwnerKey, Expectations, requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';
import { REVISION_HASH } from './statefulset-controller.js';

const TEMPLATE_GENERATION = 'pod-template-generation';
const dsOwnerKey = controllerOwnerKey({ apiVersion: 'apps/v1', kind: 'DaemonSet' });

export const daemonSetController: ControllerFactory = (context) => new DaemonSetController(context).controller();

/** The node a daemon pod is (or will be) on: spec.nodeName, else its pinned node affinity. */
export function targetNodeOf(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const field = term.matchFields?.find((requirement) => requirement.key === 'metadata.name' && requirement.operator === 'In' && requirement.values?.length === 1);
    if (field) return field.values?.[0];
  }
  return undefined;
}

class DaemonSetController {
  private readonly sets: Informer<DaemonSet>;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly revisions: Informer<ControllerRevision>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly dsClient: ResourceClient<DaemonSet>;
  private readonly revisionClient: ResourceClient<ControllerRevision>;
  private readonly expectations: Expectations;

  constructor(private readonly context: ControllerContext) {
    this.sets = context.manager.informer<DaemonSet>('apps/v1', 'daemonsets');
    this.pods = context.manager.informer<Pod>('v1', 'pods', { indexers: { [ORPHAN_INDEX]: orphanIndexer } });
    this.nodes = context.manager.informer<Node>('v1', 'nodes');
    this.revisions = context.manager.informer<ControllerRevision>('apps/v1', 'controllerrevisions');
    this.podClient = context.client.resource<Pod>('v1', 'pods');
    this.dsClient = context.client.resource<DaemonSet>('apps/v1', 'daemonsets');
    this.revisionClient = context.client.resource<ControllerRevision>('apps/v1', 'controllerrevisions');
    this.expectations = new Expectations({ clock: context.clock });
    this.pods.addEventHandler({
      onAdd: (pod) => {
        for (const key of dsOwnerKey(pod)) this.expectations.creationObserved(key);
      },
      onUpdate: (old, pod) => {
        if (!old.metadata?.deletionTimestamp && pod.metadata?.deletionTimestamp) {
          for (const key of dsOwnerKey(pod)) this.expectations.deletionObserved(key, objectKey(pod));
        }
      },
      onDelete: (pod) => {
        for (const key of dsOwnerKey(pod)) this.expectations.deletionObserved(key, objectKey(pod));
      },
    });
  }

  controller(): Controller {
    return {
      name: 'daemonset',
      workers: 2,
      watches: [
        { informer: this.sets },
        { informer: this.pods, map: (pod: Pod) => this.ownersOf(pod) },
        { informer: this.nodes, map: () => this.sets.cache.keys() },
      ],
      reconcile: (key) => this.reconcile(key),
    };
  }

  /** The controlling DaemonSet, or for an orphan every DaemonSet whose selector matches it (adoption). */
  private ownersOf(pod: Pod): string[] {
    return ownersToReconcile(pod, dsOwnerKey, this.sets.cache);
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const ds = this.sets.cache.get(key);
    if (ds === undefined) {
      this.expectations.delete(key);
      return;
    }
    const hash = await this.ensureRevision(ds);
    const nodes = this.nodes.cache.list();
    const podsByNode = new Map<string, Pod[]>();
    const candidates = claimCandidates(this.pods.cache, ds);
    for (const pod of await claimPods(this.podClient, candidates, { object: ds, apiVersion: 'apps/v1', kind: 'DaemonSet', selector: ds.spec?.selector })) {
      const node = targetNodeOf(pod) ?? '';
      podsByNode.set(node, [...(podsByNode.get(node) ?? []), pod]);
    }
    const inUse = new Set([`${ds.metadata?.name}-${hash}`, ...[...podsByNode.values()].flat().map((pod) => `${ds.metadata?.name}-${pod.metadata?.labels?.[REVISION_HASH] ?? ''}`)]);
    await truncateRevisionHistory(this.revisionClient, this.revisions.cache.byIndex('ownerUid', ds.metadata?.uid ?? ''), inUse, ds.spec?.revisionHistoryLimit ?? 10);
    const template = this.templatePod(ds);
    if (this.expectations.satisfied(key) && !ds.metadata?.deletionTimestamp) await this.manage(key, ds, hash, nodes, podsByNode, template);
    return this.updateStatus(ds, hash, nodes, podsByNode, template);
  }

  private templatePod(ds: DaemonSet): Pod {
    const template = ds.spec?.template ?? {};
    const spec = structuredClone(template.spec ?? { containers: [] });
    spec.tolerations = withDaemonTolerations(spec.tolerations, spec.hostNetwork ?? false);
    return { metadata: structuredClone(template.metadata ?? {}), spec };
  }

  private async manage(key: string, ds: DaemonSet, hash: string, nodes: Node[], podsByNode: Map<string, Pod[]>, template: Pod): Promise<void> {
    const toCreate: string[] = [];
    const toDelete: Pod[] = [];
    const nodeNames = new Set(nodes.map((node) => node.metadata?.name ?? ''));
    for (const [nodeName, pods] of podsByNode) {
      if (!nodeNames.has(nodeName)) toDelete.push(...pods.filter((pod) => !pod.metadata?.deletionTimestamp));
    }
    for (const node of nodes) {
      const nodeName = node.metadata?.name ?? '';
      const fit = daemonNodeFit(template, node);
      const pods = (podsByNode.get(nodeName) ?? []).filter((pod) => !pod.metadata?.deletionTimestamp);
      const failed = pods.filter((pod) => pod.status?.phase === 'Failed');
      const running = pods.filter((pod) => pod.status?.phase !== 'Failed');
      toDelete.push(...failed);
      if (!fit.shouldContinueRunning) {
        toDelete.push(...running);
        continue;
      }
      if (running.length === 0) {
        if (fit.shouldRun && failed.length === 0) toCreate.push(nodeName);
      } else if (running.length > 1) {
        // Keep the oldest; upstream deletes the duplicates.
        const sorted = [...running].sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
        toDelete.push(...sorted.slice(1));
      }
    }
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && toCreate.length === 0 && toDelete.length === 0) {
      toDelete.push(...this.rollingUpdateVictims(ds, hash, nodes, podsByNode, template));
    }
    this.expectations.expectCreations(key, toCreate.length);
    this.expectations.expectDeletions(key, toDelete.map((pod) => objectKey(pod)));
    const results = await Promise.allSettled([
      ...toCreate.map((nodeName) => this.createPod(key, ds, hash, nodeName)),
      ...toDelete.map((pod) => this.deletePod(key, ds, pod)),
    ]);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Old-revision pods to replace now: unavailable ones at once, available ones within maxUnavailable. */
  private rollingUpdateVictims(ds: DaemonSet, hash: string, nodes: Node[], podsByNode: Map<string, Pod[]>, template: Pod): Pod[] {
    const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
    const now = this.context.clock.now();
    const desired = nodes.filter((node) => daemonNodeFit(template, node).shouldRun);
    const maxUnavailable = scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, desired.length, true, 1);
    let unavailable = 0;
    const oldAvailable: Pod[] = [];
    const victims: Pod[] = [];
    for (const node of desired) {
      const pods = podsByNode.get(node.metadata?.name ?? '') ?? [];
      const pod = pods.find((item) => !item.metadata?.deletionTimestamp);
      if (pod === undefined || !isPodAvailable(pod, minReadySeconds, now)) {
        unavailable++;
        if (pod !== undefined && pod.metadata?.labels?.[REVISION_HASH] !== hash) victims.push(pod);
        continue;
      }
      if (pod.metadata?.labels?.[REVISION_HASH] !== hash) oldAvailable.push(pod);
    }
    const budget = Math.max(0, maxUnavailable - unavailable);
    return [...victims, ...oldAvailable.slice(0, budget)];
  }

  private async createPod(key: string, ds: DaemonSet, hash: string, nodeName: string): Promise<void> {
    const template = ds.spec?.template ?? {};
    const spec = structuredClone(template.spec ?? { containers: [] });
    spec.tolerations = withDaemonTolerations(spec.tolerations, spec.hostNetwork ?? false);
    spec.affinity = pinnedToNode(spec.affinity, nodeName);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata?.name}-`,
        namespace: ds.metadata?.namespace,
        labels: { ...(template.metadata?.labels ?? {}), [REVISION_HASH]: hash, [TEMPLATE_GENERATION]: String(ds.metadata?.generation ?? 1) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [controllerRefTo(ds, 'apps/v1', 'DaemonSet')],
      },
      spec,
    };
    try {
      const created = await this.podClient.create(pod, { namespace: ds.metadata?.namespace });
      void this.context.recorder.normal(typed(ds), 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
    } catch (error) {
      this.expectations.creationObserved(key);
      void this.context.recorder.warning(typed(ds), 'FailedCreate', `Error creating: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  private async deletePod(key: string, ds: DaemonSet, pod: Pod): Promise<void> {
    try {
      await this.podClient.delete(pod.metadata?.name ?? '', { namespace: pod.metadata?.namespace, preconditions: { uid: pod.metadata?.uid } });
      void this.context.recorder.normal(typed(ds), 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
    } catch (error) {
      this.expectations.deletionObserved(key, objectKey(pod));
      if (!isNotFound(error)) throw error;
    }
  }

  /** Creates the ControllerRevision of the current template when missing; returns its hash. */
  private async ensureRevision(ds: DaemonSet): Promise<string> {
    const namespace = ds.metadata?.namespace ?? '';
    const hash = podTemplateHash(ds.spec?.template, ds.status?.collisionCount ?? 0);
    const name = `${ds.metadata?.name}-${hash}`;
    if (this.revisions.cache.getByName(namespace, name)) return hash;
    const owned = this.revisions.cache.byIndex('ownerUid', ds.metadata?.uid ?? '');
    const template: PodTemplateSpec & { $patch: string } = { ...structuredClone(ds.spec?.template ?? {}), $patch: 'replace' };
    try {
      await this.revisionClient.create(
        {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: { name, namespace, labels: { ...(ds.spec?.selector?.matchLabels ?? {}), [REVISION_HASH]: hash }, ownerReferences: [controllerRefTo(ds, 'apps/v1', 'DaemonSet')] },
          data: { spec: { template } },
          revision: Math.max(0, ...owned.map((item) => item.revision)) + 1,
        },
        { namespace },
      );
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    return hash;
  }

  private async updateStatus(ds: DaemonSet, hash: string, nodes: Node[], podsByNode: Map<string, Pod[]>, template: Pod): Promise<ReconcileResult> {
    const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
    const now = this.context.clock.now();
    const counts = { desired: 0, current: 0, misscheduled: 0, ready: 0, available: 0, updated: 0 };
    for (const node of nodes) {
      const pods = (podsByNode.get(node.metadata?.name ?? '') ?? []).filter((pod) => !pod.metadata?.deletionTimestamp);
      const fit = daemonNodeFit(template, node);
      if (!fit.shouldRun) {
        if (pods.length > 0) counts.misscheduled++;
        continue;
      }
      counts.desired++;
      const pod = pods[0];
      if (pod === undefined) continue;
      counts.current++;
      if (isPodReady(pod)) counts.ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) counts.available++;
      if (pod.metadata?.labels?.[REVISION_HASH] === hash) counts.updated++;
    }
    const status: DaemonSetStatus = {
      ...(ds.status ?? {}),
      currentNumberScheduled: counts.current,
      numberMisscheduled: counts.misscheduled,
      desiredNumberScheduled: counts.desired,
      numberReady: counts.ready,
      observedGeneration: ds.metadata?.generation ?? 0,
      updatedNumberScheduled: counts.updated,
      numberAvailable: counts.available,
      numberUnavailable: counts.desired - counts.available,
    };
    if (status.numberAvailable === 0) delete status.numberAvailable;
    if (status.numberUnavailable === 0) delete status.numberUnavailable;
    if (status.updatedNumberScheduled === 0) delete status.updatedNumberScheduled;
    const current: Partial<DaemonSetStatus> = ds.status ?? {};
    const fields = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const;
    if (fields.some((field) => current[field] !== status[field])) {
      try {
        await this.dsClient.updateStatus({ ...typed(ds), status });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    if (minReadySeconds > 0 && counts.ready > counts.available) return requeueAfter(minReadySeconds * 1000);
  }
}

function typed(ds: DaemonSet): DaemonSet {
  return { ...ds, apiVersion: 'apps/v1', kind: 'DaemonSet' };
}
