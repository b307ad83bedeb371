// The Deployment controller (upstream's syncDeployment): claims its ReplicaSets, finds or creates
// the one for the current template (<name>-<pod-template-hash>), then scales (a replicas change
// alone), rolls (RollingUpdate within maxSurge/maxUnavailable, or Recreate), prunes history beyond
// revisionHistoryLimit and writes status with the Available and Progressing conditions.
import type { Deployment, ReplicaSet } from '../api/index.js';
import { isAlreadyExists, isConflict, isNotFound, objectKey, type Informer, type ResourceClient } from '../client/index.js';
import { labelSelectorFromObject, matchesLabels } from '../machinery/index.js';
import { claimCandidates, ORPHAN_INDEX, orphanIndexer, ownersToReconcile } from './claim-pods.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { computeStatus } from './deployment-status.js';
import {
  byCreation,
  canonicalJson,
  DESIRED_REPLICAS,
  maxRevision,
  POD_TEMPLATE_HASH,
  podTemplateHash,
  replicaSetAnnotations,
  replicasOf,
  resolveFenceposts,
  revisionOf,
  REVISION,
  sum,
  templatesEqualIgnoringHash,
} from './deployment-util.js';
import { adopt, controllerRefTo, releaseOwner } from './owner-references.js';
import { controllerOwnerKey, LastWritten, requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';

const deploymentOwnerKey = controllerOwnerKey({ apiVersion: 'apps/v1', kind: 'Deployment' });

export const deploymentController: ControllerFactory = (context) => new DeploymentController(context).controller();

interface Progress {
  reason: string;
  message: string;
}

class DeploymentController {
  private readonly deployments: Informer<Deployment>;
  private readonly replicaSets: Informer<ReplicaSet>;
  private readonly deploymentClient: ResourceClient<Deployment>;
  private readonly rsClient: ResourceClient<ReplicaSet>;
  /** The Deployments this controller wrote (status, revision annotation), until the informer has them. */
  private readonly written = new LastWritten<Deployment>();

  constructor(private readonly context: ControllerContext) {
    this.deployments = context.manager.informer<Deployment>('apps/v1', 'deployments');
    this.replicaSets = context.manager.informer<ReplicaSet>('apps/v1', 'replicasets', { indexers: { [ORPHAN_INDEX]: orphanIndexer } });
    this.deploymentClient = context.client.resource<Deployment>('apps/v1', 'deployments');
    this.rsClient = context.client.resource<ReplicaSet>('apps/v1', 'replicasets');
  }

  controller(): Controller {
    return {
      name: 'deployment',
      workers: 2,
      watches: [{ informer: this.deployments }, { informer: this.replicaSets, map: (rs: ReplicaSet) => this.ownersOf(rs) }],
      reconcile: (key) => this.reconcile(key),
    };
  }

  private ownersOf(rs: ReplicaSet): string[] {
    return ownersToReconcile(rs, deploymentOwnerKey, this.deployments.cache);
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const cached = this.deployments.cache.get(key);
    if (cached === undefined) {
      this.written.forget(key);
      return;
    }
    const deployment: Deployment = { ...this.written.freshest(key, cached), apiVersion: 'apps/v1', kind: 'Deployment' };
    const owned = await this.claimReplicaSets(deployment);
    if (deployment.metadata?.deletionTimestamp) return this.writeStatus(deployment, this.findNew(deployment, owned), owned);
    let newRS = this.findNew(deployment, owned);
    const old = () => owned.filter((rs) => rs !== newRS);
    let progress: Progress | undefined;

    if (deployment.spec?.paused) {
      if (newRS) await this.scaleIfNeeded(deployment, newRS, old());
      return this.writeStatus(deployment, newRS, owned);
    }
    if (newRS !== undefined && this.isScalingEvent(deployment, owned)) {
      await this.scaleIfNeeded(deployment, newRS, old());
      return this.writeStatus(deployment, newRS, owned);
    }
    if (newRS === undefined && deployment.spec?.strategy?.type === 'Recreate') {
      const active = owned.filter((rs) => replicasOf(rs) > 0);
      if (active.length > 0) {
        for (const rs of active) await this.scaleReplicaSet(deployment, rs, 0);
        return this.writeStatus(deployment, newRS, owned);
      }
      if (owned.some((rs) => (rs.status?.replicas ?? 0) > 0)) return this.writeStatus(deployment, newRS, owned);
    }
    if (newRS === undefined) {
      const created = await this.createNewReplicaSet(deployment, owned);
      newRS = created.rs;
      progress = created.progress;
      owned.push(newRS);
    } else {
      const synced = await this.syncRevision(deployment, newRS, old());
      owned[owned.indexOf(newRS)] = synced;
      newRS = synced;
      if (!deployment.status?.conditions?.some((condition) => condition.type === 'Progressing')) {
        progress = { reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRS.metadata?.name}"` };
      }
    }
    const replicas = deployment.spec?.replicas ?? 1;
    if (deployment.spec?.strategy?.type === 'Recreate') {
      if (replicasOf(newRS) !== replicas) await this.scaleReplicaSet(deployment, newRS, replicas);
    } else {
      await this.rollingUpdate(deployment, newRS, old());
    }
    if (old().every((rs) => replicasOf(rs) === 0) && (newRS.status?.availableReplicas ?? 0) === replicas) await this.cleanupHistory(deployment, old());
    return this.writeStatus(deployment, newRS, owned, progress);
  }

  private async claimReplicaSets(deployment: Deployment): Promise<ReplicaSet[]> {
    const selector = labelSelectorFromObject(deployment.spec?.selector);
    const uid = deployment.metadata?.uid ?? '';
    const owned: ReplicaSet[] = [];
    for (const rs of claimCandidates(this.replicaSets.cache, deployment)) {
      const controllerRef = rs.metadata?.ownerReferences?.find((reference) => reference.controller);
      const matches = matchesLabels(selector, rs.metadata?.labels);
      if (controllerRef !== undefined) {
        if (controllerRef.uid !== uid) continue;
        if (matches) owned.push({ ...rs, apiVersion: 'apps/v1', kind: 'ReplicaSet' });
        else if (!rs.metadata?.deletionTimestamp) await ignoreNotFound(releaseOwner(this.rsClient, rs, uid));
        continue;
      }
      if (!matches || deployment.metadata?.deletionTimestamp || rs.metadata?.deletionTimestamp) continue;
      const adopted = await ignoreNotFound(adopt(this.rsClient, rs, controllerRefTo(deployment, 'apps/v1', 'Deployment')));
      if (adopted) owned.push({ ...adopted, apiVersion: 'apps/v1', kind: 'ReplicaSet' });
    }
    return owned;
  }

  /** The ReplicaSet running the current template: the oldest one when several match. */
  private findNew(deployment: Deployment, owned: ReplicaSet[]): ReplicaSet | undefined {
    return [...owned].sort(byCreation).find((rs) => templatesEqualIgnoringHash(rs.spec?.template, deployment.spec?.template));
  }

  /** Replicas changed but the template did not: some active ReplicaSet was sized for another count. */
  private isScalingEvent(deployment: Deployment, owned: ReplicaSet[]): boolean {
    const replicas = String(deployment.spec?.replicas ?? 1);
    return owned.filter((rs) => replicasOf(rs) > 0).some((rs) => rs.metadata?.annotations?.[DESIRED_REPLICAS] !== undefined && rs.metadata.annotations[DESIRED_REPLICAS] !== replicas);
  }

  /** Proportional scaling (upstream's scale()): the new ReplicaSet alone takes it all, else shares by size. */
  private async scaleIfNeeded(deployment: Deployment, newRS: ReplicaSet, old: ReplicaSet[]): Promise<void> {
    const replicas = deployment.spec?.replicas ?? 1;
    const activeOld = old.filter((rs) => replicasOf(rs) > 0);
    if (activeOld.length === 0) {
      await this.scaleReplicaSet(deployment, newRS, replicas);
      return;
    }
    const [maxSurge] = resolveFenceposts(deployment);
    const active = [newRS, ...activeOld].filter((rs) => replicasOf(rs) > 0);
    const current = sum(active, replicasOf);
    const allowed = replicas + maxSurge;
    const delta = allowed - current;
    if (delta === 0 || current === 0) {
      for (const rs of [newRS, ...old]) await this.scaleReplicaSet(deployment, rs, replicasOf(rs));
      return;
    }
    const sized = [...active].sort((a, b) => replicasOf(b) - replicasOf(a) || byCreation(b, a));
    const targets = new Map(sized.map((rs) => [rs, replicasOf(rs) + Math.trunc((replicasOf(rs) * delta) / current)]));
    const leftover = delta - sum(sized, (rs) => targets.get(rs)! - replicasOf(rs));
    targets.set(sized[0]!, Math.max(0, targets.get(sized[0]!)! + leftover));
    for (const rs of [newRS, ...old]) await this.scaleReplicaSet(deployment, rs, targets.get(rs) ?? replicasOf(rs));
  }

  private async rollingUpdate(deployment: Deployment, newRS: ReplicaSet, old: ReplicaSet[]): Promise<void> {
    const replicas = deployment.spec?.replicas ?? 1;
    const [maxSurge, maxUnavailable] = resolveFenceposts(deployment);
    // Scale up the new ReplicaSet within the surge budget.
    if (replicasOf(newRS) < replicas) {
      const current = sum([newRS, ...old], replicasOf);
      const room = replicas + maxSurge - current;
      if (room > 0) {
        await this.scaleReplicaSet(deployment, newRS, replicasOf(newRS) + Math.min(room, replicas - replicasOf(newRS)));
        return;
      }
    } else if (replicasOf(newRS) > replicas) {
      await this.scaleReplicaSet(deployment, newRS, replicas);
    }
    // Scale down old ReplicaSets without dropping below replicas - maxUnavailable available pods.
    if (sum(old, replicasOf) === 0) return;
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = sum([newRS, ...old], replicasOf) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    let scaledDown = 0;
    const oldest = [...old].sort(byCreation);
    const targets = new Map(oldest.map((rs) => [rs, replicasOf(rs)]));
    // First the unhealthy pods of old ReplicaSets: they count against availability anyway.
    for (const rs of oldest) {
      if (scaledDown >= maxScaledDown) break;
      const unhealthy = targets.get(rs)! - (rs.status?.availableReplicas ?? 0);
      if (unhealthy <= 0) continue;
      const cut = Math.min(unhealthy, maxScaledDown - scaledDown);
      targets.set(rs, targets.get(rs)! - cut);
      scaledDown += cut;
    }
    // Then available pods, while enough stay available overall.
    const available = sum([newRS, ...old], (rs) => rs.status?.availableReplicas ?? 0);
    let budget = Math.min(available - minAvailable, maxScaledDown - scaledDown);
    for (const rs of oldest) {
      if (budget <= 0) break;
      const cut = Math.min(targets.get(rs)!, budget);
      targets.set(rs, targets.get(rs)! - cut);
      budget -= cut;
    }
    for (const rs of oldest) if (targets.get(rs) !== replicasOf(rs)) await this.scaleReplicaSet(deployment, rs, targets.get(rs)!);
  }

  private async createNewReplicaSet(deployment: Deployment, owned: ReplicaSet[]): Promise<{ rs: ReplicaSet; progress: Progress }> {
    const hash = podTemplateHash(deployment.spec?.template, deployment.status?.collisionCount);
    const name = `${deployment.metadata?.name}-${hash}`;
    const template = structuredClone(deployment.spec?.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(deployment.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const [maxSurge] = resolveFenceposts(deployment);
    const replicas = deployment.spec?.replicas ?? 1;
    let initial = 0;
    if (deployment.spec?.strategy?.type !== 'Recreate') {
      initial = Math.max(0, Math.min(replicas, replicas + maxSurge - sum(owned, replicasOf)));
    }
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: deployment.metadata?.namespace,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: replicaSetAnnotations(deployment, undefined, maxRevision(owned) + 1, maxSurge),
        ownerReferences: [controllerRefTo(deployment, 'apps/v1', 'Deployment')],
      },
      spec: { replicas: initial, minReadySeconds: deployment.spec?.minReadySeconds, selector, template },
    };
    try {
      const created = await this.rsClient.create(rs, { namespace: deployment.metadata?.namespace });
      if (initial > 0) void this.context.recorder.normal(deployment, 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${initial}`);
      await this.setDeploymentRevision(deployment, created);
      return { rs: { ...created, apiVersion: 'apps/v1', kind: 'ReplicaSet' }, progress: { reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"` } };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      // A different template hashed to the same name: count the collision and try another name.
      const existing = await this.rsClient.get(name, { namespace: deployment.metadata?.namespace });
      const ours = existing.metadata?.ownerReferences?.some((reference) => reference.controller && reference.uid === deployment.metadata?.uid);
      if (ours && templatesEqualIgnoringHash(existing.spec?.template, deployment.spec?.template)) {
        return { rs: { ...existing, apiVersion: 'apps/v1', kind: 'ReplicaSet' }, progress: { reason: 'FoundNewReplicaSet', message: `Found new replica set "${name}"` } };
      }
      await this.deploymentClient.updateStatus({ ...deployment, status: { ...(deployment.status ?? {}), collisionCount: (deployment.status?.collisionCount ?? 0) + 1 } });
      throw new Error(`ReplicaSet ${name} exists with another template: hash collision counted, retrying`);
    }
  }

  /** The new ReplicaSet carries the highest revision (an undo makes an old one new again). */
  private async syncRevision(deployment: Deployment, newRS: ReplicaSet, old: ReplicaSet[]): Promise<ReplicaSet> {
    const oldMax = maxRevision(old);
    const revision = revisionOf(newRS) > oldMax ? revisionOf(newRS) : oldMax + 1;
    const [maxSurge] = resolveFenceposts(deployment);
    const annotations = replicaSetAnnotations(deployment, newRS, revision, maxSurge);
    let synced = newRS;
    if (canonicalJson(annotations) !== canonicalJson(newRS.metadata?.annotations ?? {}) || (newRS.spec?.minReadySeconds ?? 0) !== (deployment.spec?.minReadySeconds ?? 0)) {
      const updated = await this.rsClient.update({ ...newRS, metadata: { ...newRS.metadata, annotations }, spec: { ...newRS.spec!, minReadySeconds: deployment.spec?.minReadySeconds } });
      synced = { ...updated, apiVersion: 'apps/v1', kind: 'ReplicaSet' };
    }
    await this.setDeploymentRevision(deployment, synced);
    return synced;
  }

  private async setDeploymentRevision(deployment: Deployment, newRS: ReplicaSet): Promise<void> {
    const revision = newRS.metadata?.annotations?.[REVISION];
    if (revision === undefined || deployment.metadata?.annotations?.[REVISION] === revision) return;
    const patched = await this.deploymentClient.patch(deployment.metadata?.name ?? '', { metadata: { annotations: { [REVISION]: revision } } }, { type: 'merge', namespace: deployment.metadata?.namespace });
    this.written.remember(objectKey(patched), patched);
  }

  private async scaleReplicaSet(deployment: Deployment, rs: ReplicaSet, replicas: number): Promise<void> {
    const [maxSurge] = resolveFenceposts(deployment);
    const desired = String(deployment.spec?.replicas ?? 1);
    const max = String((deployment.spec?.replicas ?? 1) + maxSurge);
    const annotations = rs.metadata?.annotations ?? {};
    if (replicasOf(rs) === replicas && annotations['deployment.kubernetes.io/desired-replicas'] === desired && annotations['deployment.kubernetes.io/max-replicas'] === max) return;
    await this.rsClient.update({
      ...rs,
      metadata: { ...rs.metadata, annotations: { ...annotations, 'deployment.kubernetes.io/desired-replicas': desired, 'deployment.kubernetes.io/max-replicas': max } },
      spec: { ...rs.spec!, replicas },
    });
    if (replicasOf(rs) !== replicas) {
      const direction = replicas > replicasOf(rs) ? 'up' : 'down';
      void this.context.recorder.normal(deployment, 'ScalingReplicaSet', `Scaled ${direction} replica set ${rs.metadata?.name} from ${replicasOf(rs)} to ${replicas}`);
    }
  }

  private async cleanupHistory(deployment: Deployment, old: ReplicaSet[]): Promise<void> {
    const limit = deployment.spec?.revisionHistoryLimit ?? 10;
    const idle = old.filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0 && !rs.metadata?.deletionTimestamp);
    const excess = idle.length - limit;
    if (excess <= 0) return;
    const oldestFirst = [...idle].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of oldestFirst.slice(0, excess)) {
      await ignoreNotFound(this.rsClient.delete(rs.metadata?.name ?? '', { namespace: rs.metadata?.namespace, preconditions: { uid: rs.metadata?.uid } }));
    }
  }

  private async writeStatus(deployment: Deployment, newRS: ReplicaSet | undefined, owned: ReplicaSet[], progress?: Progress): Promise<ReconcileResult> {
    // Re-read the ReplicaSets we wrote: scaling changed spec.replicas, status comes from the cache.
    const all = owned.map((rs) => {
      const cached = this.replicaSets.cache.get(objectKey(rs));
      return cached ? { ...rs, status: cached.status } : rs;
    });
    const current = newRS === undefined ? undefined : all.find((rs) => rs.metadata?.uid === newRS.metadata?.uid);
    const { status, recheckAfterMs } = computeStatus({ deployment, newRS: current, all, now: this.context.clock.now(), progressing: progress });
    if (canonicalJson(status) !== canonicalJson(deployment.status ?? {})) {
      // Written over the freshest version known (the cache, or this controller's last write); any newer
      // one is a conflict, and its watch event enqueues this Deployment again.
      const base = this.written.freshest(objectKey(deployment), deployment);
      try {
        const updated = await this.deploymentClient.updateStatus({ ...base, apiVersion: 'apps/v1', kind: 'Deployment', status });
        this.written.remember(objectKey(updated), updated);
      } catch (error) {
        if (!isNotFound(error) && !isConflict(error)) throw error;
      }
    }
    if (recheckAfterMs !== undefined) return requeueAfter(recheckAfterMs);
  }
}

async function ignoreNotFound<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
