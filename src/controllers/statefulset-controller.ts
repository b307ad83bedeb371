// The StatefulSet controller: pods <sts>-<ordinal> with stable identity (hostname, subdomain,
// pod-name/pod-index labels), PVCs <template>-<sts>-<ordinal> created before their pod and kept on
// scale-down (upstream's default Retain), OrderedReady or Parallel management, RollingUpdate
// (highest ordinal first, down to the partition) or OnDelete, and ControllerRevisions per template.
import type { ControllerRevision, PersistentVolumeClaim, Pod, PodTemplateSpec, StatefulSet, StatefulSetStatus } from '../api/index.js';
import { isAlreadyExists, isNotFound, type Informer, type ResourceClient } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { podTemplateHash } from './deployment-util.js';
import { claimCandidates, claimPods, ORPHAN_INDEX, orphanIndexer, ownersToReconcile } from './claim-pods.js';
import { controllerRefTo } from './owner-references.js';
import { truncateRevisionHistory } from './revision-history.js';
import { isPodAvailable, isPodReady } from './pod-state.js';
import { controllerOwnerKey, requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';

export const REVISION_HASH = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const stsOwnerKey = controllerOwnerKey({ apiVersion: 'apps/v1', kind: 'StatefulSet' });

export const statefulSetController: ControllerFactory = (context) => new StatefulSetController(context).controller();

/** The ordinal of a pod named <sts>-<n>, or undefined for any other name. */
export function ordinalOf(stsName: string, podName: string): number | undefined {
  const prefix = `${stsName}-`;
  if (!podName.startsWith(prefix)) return undefined;
  const rest = podName.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

class StatefulSetController {
  private readonly sets: Informer<StatefulSet>;
  private readonly pods: Informer<Pod>;
  private readonly revisions: Informer<ControllerRevision>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly pvcClient: ResourceClient<PersistentVolumeClaim>;
  private readonly revisionClient: ResourceClient<ControllerRevision>;
  private readonly stsClient: ResourceClient<StatefulSet>;

  constructor(private readonly context: ControllerContext) {
    this.sets = context.manager.informer<StatefulSet>('apps/v1', 'statefulsets');
    this.pods = context.manager.informer<Pod>('v1', 'pods', { indexers: { [ORPHAN_INDEX]: orphanIndexer } });
    this.revisions = context.manager.informer<ControllerRevision>('apps/v1', 'controllerrevisions');
    this.podClient = context.client.resource<Pod>('v1', 'pods');
    this.pvcClient = context.client.resource<PersistentVolumeClaim>('v1', 'persistentvolumeclaims');
    this.revisionClient = context.client.resource<ControllerRevision>('apps/v1', 'controllerrevisions');
    this.stsClient = context.client.resource<StatefulSet>('apps/v1', 'statefulsets');
  }

  controller(): Controller {
    return {
      name: 'statefulset',
      workers: 2,
      watches: [
        { informer: this.sets },
        { informer: this.pods, map: (pod: Pod) => this.ownersOf(pod) },
        { informer: this.revisions, map: stsOwnerKey },
      ],
      reconcile: (key) => this.reconcile(key),
    };
  }

  /** The controlling StatefulSet, or for an orphan every StatefulSet whose selector matches it (adoption). */
  private ownersOf(pod: Pod): string[] {
    return ownersToReconcile(pod, stsOwnerKey, this.sets.cache);
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const sts = this.sets.cache.get(key);
    if (sts === undefined || sts.metadata?.deletionTimestamp) return;
    const namespace = sts.metadata?.namespace ?? '';
    const name = sts.metadata?.name ?? '';
    const updateRevision = await this.ensureRevision(sts);
    const currentRevision = sts.status?.currentRevision ?? updateRevision.metadata?.name ?? '';
    const currentTemplate = this.templateOf(namespace, currentRevision) ?? sts.spec?.template;
    const byOrdinal = new Map<number, Pod>();
    const candidates = claimCandidates(this.pods.cache, sts);
    for (const pod of await claimPods(this.podClient, candidates, { object: sts, apiVersion: 'apps/v1', kind: 'StatefulSet', selector: sts.spec?.selector })) {
      const ordinal = ordinalOf(name, pod.metadata?.name ?? '');
      if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
    }
    await this.sync(sts, byOrdinal, updateRevision.metadata?.name ?? '', currentRevision, currentTemplate);
    const inUse = new Set([currentRevision, updateRevision.metadata?.name ?? '', ...[...byOrdinal.values()].map((pod) => pod.metadata?.labels?.[REVISION_HASH] ?? '')]);
    await truncateRevisionHistory(this.revisionClient, this.revisions.cache.byIndex('ownerUid', sts.metadata?.uid ?? ''), inUse, sts.spec?.revisionHistoryLimit ?? 10);
    return this.updateStatus(sts, [...byOrdinal.values()], updateRevision.metadata?.name ?? '', currentRevision);
  }

  /** Creates, deletes or replaces at most what the policy allows; returns early when it must wait. */
  private async sync(sts: StatefulSet, byOrdinal: Map<number, Pod>, updateRevision: string, currentRevision: string, currentTemplate: PodTemplateSpec | undefined): Promise<void> {
    const replicas = sts.spec?.replicas ?? 1;
    const ordered = (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const rolling = (sts.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (pod?.status?.phase === 'Failed' || pod?.status?.phase === 'Succeeded') {
        await this.deletePod(sts, pod);
        if (ordered) return;
        continue;
      }
      if (pod === undefined) {
        const useCurrent = rolling && ordinal < partition && currentRevision !== updateRevision;
        const created = await this.createPod(sts, ordinal, useCurrent ? currentRevision : updateRevision, useCurrent ? currentTemplate : sts.spec?.template);
        if (created) byOrdinal.set(ordinal, created);
        if (ordered) return;
        continue;
      }
      if (ordered && (pod.metadata?.deletionTimestamp || !isRunningAndReady(pod))) return;
    }
    const extras = [...byOrdinal.entries()].filter(([ordinal]) => ordinal >= replicas).sort(([a], [b]) => b - a);
    for (const [, pod] of extras) {
      if (pod.metadata?.deletionTimestamp) {
        if (ordered) return;
        continue;
      }
      await this.deletePod(sts, pod);
      if (ordered) return;
    }
    if (!rolling) return;
    const live = [...byOrdinal.entries()].filter(([ordinal]) => ordinal < replicas);
    if (live.some(([, pod]) => pod.metadata?.deletionTimestamp || !isRunningAndReady(pod))) return;
    const stale = live.filter(([ordinal, pod]) => ordinal >= partition && pod.metadata?.labels?.[REVISION_HASH] !== updateRevision).sort(([a], [b]) => b - a);
    if (stale.length > 0) await this.deletePod(sts, stale[0][1]);
  }

  private async ensureRevision(sts: StatefulSet): Promise<ControllerRevision> {
    const namespace = sts.metadata?.namespace ?? '';
    const name = `${sts.metadata?.name}-${podTemplateHash(sts.spec?.template, sts.status?.collisionCount ?? 0)}`;
    const owned = this.revisions.cache.byIndex('ownerUid', sts.metadata?.uid ?? '');
    const revision = Math.max(0, ...owned.map((item) => item.revision)) + 1;
    const existing = this.revisions.cache.getByName(namespace, name);
    // A template seen before (a rollback) becomes the newest revision again, as upstream.
    if (existing && existing.revision < revision - 1) return this.revisionClient.patch(name, { revision }, { type: 'merge', namespace });
    if (existing) return existing;
    const body: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name, namespace, labels: { ...(sts.spec?.selector?.matchLabels ?? {}), [REVISION_HASH]: name }, ownerReferences: [controllerRefTo(sts, 'apps/v1', 'StatefulSet')] },
      data: { spec: { template: { ...structuredClone(sts.spec?.template ?? {}), $patch: 'replace' } } },
      revision,
    };
    try {
      return await this.revisionClient.create(body, { namespace });
    } catch (error) {
      if (isAlreadyExists(error)) return this.revisionClient.get(name, { namespace });
      throw error;
    }
  }

  private templateOf(namespace: string, revisionName: string): PodTemplateSpec | undefined {
    const data = this.revisions.cache.getByName(namespace, revisionName)?.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined;
    if (!data?.spec?.template) return undefined;
    const { $patch: _ignored, ...template } = data.spec.template;
    return template;
  }

  private async createPod(sts: StatefulSet, ordinal: number, revision: string, template: PodTemplateSpec | undefined): Promise<Pod | undefined> {
    const namespace = sts.metadata?.namespace ?? '';
    const podName = `${sts.metadata?.name}-${ordinal}`;
    const spec = structuredClone(template?.spec ?? { containers: [] });
    for (const claim of sts.spec?.volumeClaimTemplates ?? []) {
      const claimName = `${claim.metadata?.name}-${podName}`;
      await this.ensureClaim(sts, claim, claimName);
      const volumes = (spec.volumes ?? []).filter((volume) => volume.name !== claim.metadata?.name);
      spec.volumes = [...volumes, { name: claim.metadata?.name ?? '', persistentVolumeClaim: { claimName } }];
    }
    spec.hostname = podName;
    if (sts.spec?.serviceName) spec.subdomain = sts.spec.serviceName;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace,
        labels: { ...(template?.metadata?.labels ?? {}), [POD_NAME_LABEL]: podName, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH]: revision },
        ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [controllerRefTo(sts, 'apps/v1', 'StatefulSet')],
      },
      spec,
    };
    try {
      const created = await this.podClient.create(pod, { namespace });
      void this.context.recorder.normal(typed(sts), 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${sts.metadata?.name} successful`);
      return created;
    } catch (error) {
      if (isAlreadyExists(error)) return undefined;
      void this.context.recorder.warning(typed(sts), 'FailedCreate', `create Pod ${podName} in StatefulSet ${sts.metadata?.name} failed error: ${String(error)}`);
      throw error;
    }
  }

  private async ensureClaim(sts: StatefulSet, template: PersistentVolumeClaim, claimName: string): Promise<void> {
    const namespace = sts.metadata?.namespace ?? '';
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName,
        namespace,
        labels: { ...(template.metadata?.labels ?? {}), ...(sts.spec?.selector?.matchLabels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      },
      spec: structuredClone(template.spec ?? {}),
    };
    try {
      await this.pvcClient.create(claim, { namespace });
      void this.context.recorder.normal(typed(sts), 'SuccessfulCreate', `create Claim ${claimName} Pod ${claimName.slice((template.metadata?.name ?? '').length + 1)} in StatefulSet ${sts.metadata?.name} success`);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }

  private async deletePod(sts: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.podClient.delete(pod.metadata?.name ?? '', { namespace: pod.metadata?.namespace, preconditions: { uid: pod.metadata?.uid } });
      void this.context.recorder.normal(typed(sts), 'SuccessfulDelete', `delete Pod ${pod.metadata?.name} in StatefulSet ${sts.metadata?.name} successful`);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async updateStatus(sts: StatefulSet, pods: Pod[], updateRevision: string, currentRevision: string): Promise<ReconcileResult> {
    const minReadySeconds = sts.spec?.minReadySeconds ?? 0;
    const now = this.context.clock.now();
    const counted = pods.filter((pod) => !pod.metadata?.deletionTimestamp);
    const replicas = sts.spec?.replicas ?? 1;
    const updatedReplicas = counted.filter((pod) => pod.metadata?.labels?.[REVISION_HASH] === updateRevision).length;
    const readyReplicas = counted.filter(isPodReady).length;
    const rolledOut = updatedReplicas === replicas && readyReplicas >= replicas && counted.length === replicas;
    const finalCurrent = rolledOut ? updateRevision : currentRevision;
    const status: StatefulSetStatus = {
      observedGeneration: sts.metadata?.generation ?? 0,
      replicas: counted.length,
      readyReplicas,
      currentReplicas: counted.filter((pod) => pod.metadata?.labels?.[REVISION_HASH] === finalCurrent).length,
      updatedReplicas,
      availableReplicas: counted.filter((pod) => isPodAvailable(pod, minReadySeconds, now)).length,
      currentRevision: finalCurrent,
      updateRevision,
      collisionCount: sts.status?.collisionCount ?? 0,
    };
    const current = sts.status ?? { replicas: 0 };
    const changed = (Object.keys(status) as (keyof StatefulSetStatus)[]).some((field) => current[field] !== status[field]);
    if (changed) {
      try {
        await this.stsClient.updateStatus({ ...typed(sts), status: { ...current, ...status } });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    if (minReadySeconds > 0 && readyReplicas > (status.availableReplicas ?? 0)) return requeueAfter(minReadySeconds * 1000);
  }
}

function typed(sts: StatefulSet): StatefulSet {
  return { ...sts, apiVersion: 'apps/v1', kind: 'StatefulSet' };
}
