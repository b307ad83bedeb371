// The Job controller: runs a Job's pods to completion (planJob decides, this file does the I/O).
// Pods are found through their controller ownerReference; creations are counted with
// Expectations so a stale cache never creates a pod twice.
import type { Job, Pod } from '../api/index.js';
import { isNotFound, splitKey } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { isJobFinished, JOB_COMPLETION_INDEX, planJob } from './job-sync.js';
import { jobTtlController } from './job-ttl-controller.js';
import { controllerOwnerKey, Expectations, type Controller } from './runtime/index.js';

/** Deep equality of JSON values whatever the key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, canonical(v)])) : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function ownedBy(job: Job) {
  return (pod: Pod) => (pod.metadata?.ownerReferences ?? []).some((owner) => owner.controller === true && owner.uid === job.metadata?.uid);
}

function containersFinishedAt(pod: Pod): number | undefined {
  const times = (pod.status?.containerStatuses ?? []).map((s) => s.state?.terminated?.finishedAt).filter((t): t is string => !!t).map(Date.parse);
  return times.length > 0 ? Math.max(...times) : undefined;
}

export function newJobPod(job: Job, index: number | undefined): Pod {
  const template = job.spec?.template ?? {};
  const name = job.metadata?.name ?? '';
  const labels = { ...template.metadata?.labels };
  const annotations = { ...template.metadata?.annotations };
  const spec = structuredClone(template.spec ?? { containers: [] });
  if (index !== undefined) {
    labels[JOB_COMPLETION_INDEX] = String(index);
    annotations[JOB_COMPLETION_INDEX] = String(index);
    spec.hostname ??= `${name}-${index}`;
    for (const container of spec.containers ?? []) {
      container.env = [...(container.env ?? []).filter((e) => e.name !== 'JOB_COMPLETION_INDEX'), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } }];
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      namespace: job.metadata?.namespace,
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

export function jobSyncController({ manager, client, clock, recorder }: ControllerContext): Controller {
  const jobs = manager.informer<Job>('batch/v1', 'jobs');
  const pods = manager.informer<Pod>('v1', 'pods');
  const jobClient = client.resource<Job>('batch/v1', 'jobs');
  const podClient = client.resource<Pod>('v1', 'pods');
  const expectations = new Expectations({ clock });
  const jobKeyOf = controllerOwnerKey({ apiVersion: 'batch/v1', kind: 'Job' });
  // When the controller first saw each pod finished, for pods without container finish times.
  const firstSeenFinished = new Map<string, number>();
  pods.addEventHandler({
    onAdd: (pod) => jobKeyOf(pod).forEach((key) => expectations.creationObserved(key)),
    onDelete: (pod) => firstSeenFinished.delete(pod.metadata?.uid ?? ''),
  });
  const finishedAt = (pod: Pod) => {
    const fromContainers = containersFinishedAt(pod);
    if (fromContainers !== undefined) return fromContainers;
    const uid = pod.metadata?.uid ?? '';
    if (!firstSeenFinished.has(uid)) firstSeenFinished.set(uid, clock.now());
    return firstSeenFinished.get(uid)!;
  };

  return {
    name: 'job',
    workers: 2,
    watches: [{ informer: jobs }, { informer: pods, map: jobKeyOf }],
    async reconcile(key) {
      const job = jobs.cache.get(key);
      if (job === undefined) {
        expectations.delete(key);
        return;
      }
      if (isJobFinished(job) || job.metadata?.deletionTimestamp) return;
      if (!expectations.satisfied(key)) return;
      const { namespace } = splitKey(key);
      const owned = pods.cache.byIndex('ownerUid', job.metadata?.uid ?? '').filter(ownedBy(job));
      const plan = planJob(job, owned, clock.now(), finishedAt);

      for (const pod of plan.delete) {
        try {
          await podClient.delete(pod.metadata?.name ?? '', { namespace });
          await recorder.normal(job, 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }
      if (plan.create.length > 0) {
        expectations.expectCreations(key, plan.create.length);
        const results = await Promise.allSettled(plan.create.map((index) => podClient.create(newJobPod(job, index))));
        for (const result of results) {
          if (result.status === 'fulfilled') await recorder.normal(job, 'SuccessfulCreate', `Created pod: ${result.value.metadata?.name}`);
          else expectations.creationObserved(key);
        }
        const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failure) {
          await recorder.warning(job, 'FailedCreate', `Error creating: ${failure.reason instanceof Error ? failure.reason.message : String(failure.reason)}`);
          throw failure.reason;
        }
      }
      if (!sameJson(plan.status, job.status ?? {})) {
        await jobClient.updateStatus({ ...job, status: plan.status });
      }
      for (const event of plan.events) await recorder.event(job, event.type, event.reason, event.message);
      return plan.requeueAfterMs !== undefined ? { requeueAfter: plan.requeueAfterMs } : undefined;
    },
  };
}

/** config name "job": the Job controller and the TTL-after-finished controller. */
export const jobController: ControllerFactory = (context) => [jobSyncController(context), jobTtlController(context)];
