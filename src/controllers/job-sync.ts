// The pure core of the Job controller: from a Job, its pods and the time, what the status should
// be and which pods to create or delete (upstream's syncJob, without pod-tracking finalizers).
// Conditions as 1.32 writes them: SuccessCriteriaMet before Complete, FailureTarget before Failed,
// the terminal one only once no pod of the job is still running or terminating.
import type { Job, JobCondition, JobStatus, Pod } from '../api/index.js';

export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** Upstream's DefaultJobPodFailureBackOff and its cap (the documented six minutes). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 360_000;

export interface JobPlan {
  status: JobStatus;
  /** Pods to create: their completion index for Indexed jobs, undefined otherwise. */
  create: (number | undefined)[];
  delete: Pod[];
  /** Call again after this long (back-off, deadline, none). */
  requeueAfterMs?: number;
  /** Events to record on the job. */
  events: { type: 'Normal' | 'Warning'; reason: string; message: string }[];
}

export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isTerminating = (pod: Pod) => !!pod.metadata?.deletionTimestamp && !isTerminal(pod);
const isActive = (pod: Pod) => !isTerminal(pod) && !pod.metadata?.deletionTimestamp;
const isReady = (pod: Pod) => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export function hasCondition(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

export function isJobFinished(job: Job): boolean {
  return hasCondition(job, 'Complete') || hasCondition(job, 'Failed');
}

/** When the job finished (completionTime, or the Failed condition's transition). */
export function jobFinishTime(job: Job): number | undefined {
  if (job.status?.completionTime) return Date.parse(job.status.completionTime);
  const failed = (job.status?.conditions ?? []).find((c) => c.type === 'Failed' && c.status === 'True');
  return failed?.lastTransitionTime ? Date.parse(failed.lastTransitionTime) : undefined;
}

export function completionIndexOf(pod: Pod): number | undefined {
  const raw = pod.metadata?.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata?.labels?.[JOB_COMPLETION_INDEX];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** "1,3-5,7" from a sorted set of indexes, as upstream's completedIndexes. */
export function formatIndexes(indexes: number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function condition(type: string, reason: string, message: string, now: number): JobCondition {
  return { type, status: 'True', lastProbeTime: metaTime(now), lastTransitionTime: metaTime(now), reason, message };
}

function withCondition(conditions: JobCondition[], added: JobCondition): JobCondition[] {
  if (conditions.some((c) => c.type === added.type && c.status === 'True')) return conditions;
  return [...conditions.filter((c) => c.type !== added.type), added];
}

/**
 * `finishedAt(pod)` says when a finished pod finished (its containers' finishedAt, else when the
 * controller first saw it finished): the back-off before replacing failed pods counts from the last failure.
 */
export function planJob(job: Job, ownedPods: Pod[], now: number, finishedAt: (pod: Pod) => number): JobPlan {
  const spec = job.spec ?? ({ template: {} } as NonNullable<Job['spec']>);
  const previous = job.status ?? {};
  const events: JobPlan['events'] = [];
  const indexed = spec.completionMode === 'Indexed';
  const completions = spec.completions;
  const parallelism = spec.parallelism ?? 1;
  const backoffLimit = spec.backoffLimit ?? 6;

  const succeededPods = ownedPods.filter((p) => p.status?.phase === 'Succeeded');
  const failedPods = ownedPods.filter((p) => p.status?.phase === 'Failed');
  let active = ownedPods.filter(isActive);
  const terminating = ownedPods.filter(isTerminating).length;
  const succeededIndexes = indexed ? [...new Set(succeededPods.map(completionIndexOf).filter((i): i is number => i !== undefined && i < (completions ?? 0)))] : [];
  // Counts never go down: a pod deleted after it finished stays counted.
  const succeeded = Math.max(previous.succeeded ?? 0, indexed ? succeededIndexes.length : succeededPods.length);
  const failed = Math.max(previous.failed ?? 0, failedPods.length);

  let conditions = previous.conditions ?? [];
  const startTime = previous.startTime ?? (spec.suspend ? undefined : metaTime(now));
  const toDelete: Pod[] = [];
  const create: (number | undefined)[] = [];
  let requeueAfterMs: number | undefined;

  const wantComplete = completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions;
  let failure: { reason: string; message: string } | undefined;
  const existingFailure = (previous.conditions ?? []).find((c) => c.type === 'FailureTarget' && c.status === 'True');
  if (existingFailure) failure = { reason: existingFailure.reason ?? '', message: existingFailure.message ?? '' };
  else if (!wantComplete && (failed > backoffLimit || pastBackoffLimitOnFailure(spec, ownedPods, backoffLimit))) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  else if (!wantComplete && spec.activeDeadlineSeconds !== undefined && startTime !== undefined) {
    const deadline = Date.parse(startTime) + spec.activeDeadlineSeconds * 1000;
    if (now >= deadline) failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
    else requeueAfterMs = deadline - now;
  }

  if (failure || wantComplete) {
    toDelete.push(...active);
    active = [];
    if (failure) {
      if (!existingFailure) events.push({ type: 'Warning', reason: failure.reason, message: failure.message });
      conditions = withCondition(conditions, condition('FailureTarget', failure.reason, failure.message, now));
      if (terminating === 0 && toDelete.length === 0) conditions = withCondition(conditions, condition('Failed', failure.reason, failure.message, now));
    } else {
      const message = 'Reached expected number of succeeded pods';
      conditions = withCondition(conditions, condition('SuccessCriteriaMet', 'CompletionsReached', message, now));
      if (terminating === 0 && toDelete.length === 0) {
        if (!hasCondition(job, 'Complete')) events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
        conditions = withCondition(conditions, condition('Complete', 'CompletionsReached', message, now));
      }
    }
    requeueAfterMs = undefined;
  } else if (spec.suspend) {
    toDelete.push(...active);
    active = [];
    conditions = withCondition(conditions, condition('Suspended', 'JobSuspended', 'Job suspended', now));
  } else {
    const suspended = conditions.find((c) => c.type === 'Suspended' && c.status === 'True');
    if (suspended) conditions = conditions.map((c) => (c === suspended ? { ...c, status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: metaTime(now), lastTransitionTime: metaTime(now) } : c));
    const remaining = completions === undefined ? parallelism : Math.min(parallelism, completions - succeeded);
    const wantActive = completions === undefined && succeeded > 0 ? 0 : Math.max(0, remaining);
    if (active.length > wantActive) {
      const extra = [...active].sort((a, b) => (isReady(a) ? 1 : 0) - (isReady(b) ? 1 : 0)).slice(0, active.length - wantActive);
      toDelete.push(...extra);
      active = active.filter((p) => !extra.includes(p));
    } else if (active.length < wantActive) {
      const wait = backoffRemaining(succeededPods, failedPods, now, finishedAt);
      if (wait > 0) requeueAfterMs = requeueAfterMs === undefined ? wait : Math.min(requeueAfterMs, wait);
      else if (indexed) {
        const busy = new Set([...succeededIndexes, ...active.map(completionIndexOf)]);
        for (let index = 0; index < (completions ?? 0) && create.length < wantActive - active.length; index++) if (!busy.has(index)) create.push(index);
      } else {
        for (let i = active.length; i < wantActive; i++) create.push(undefined);
      }
    }
  }

  const finished = conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const status: JobStatus = {
    ...(conditions.length > 0 ? { conditions } : {}),
    ...(startTime !== undefined ? { startTime } : {}),
    ...(previous.completionTime ? { completionTime: previous.completionTime } : hasConditionIn(conditions, 'Complete') ? { completionTime: metaTime(now) } : {}),
    ...(active.length + create.length > 0 && !finished ? { active: active.length + create.length } : {}),
    ...(succeeded > 0 ? { succeeded } : {}),
    ...(failed > 0 ? { failed } : {}),
    ...(indexed ? { completedIndexes: formatIndexes(succeededIndexes) } : {}),
    ready: finished ? 0 : active.filter(isReady).length,
    terminating: terminating + toDelete.length,
    uncountedTerminatedPods: {},
  };
  return { status, create, delete: toDelete, requeueAfterMs, events };
}

/** restartPolicy OnFailure: the kubelet restarts containers instead, so their restarts count as failures. */
function pastBackoffLimitOnFailure(spec: NonNullable<Job['spec']>, pods: Pod[], backoffLimit: number): boolean {
  if (spec.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') continue;
    for (const status of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) restarts += status.restartCount ?? 0;
  }
  return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
}

function hasConditionIn(conditions: JobCondition[], type: string): boolean {
  return conditions.some((c) => c.type === type && c.status === 'True');
}

/** Upstream's back-off: 10 s doubling per failure since the last success, from the last failure. */
function backoffRemaining(succeeded: Pod[], failed: Pod[], now: number, finishedAt: (pod: Pod) => number): number {
  const lastSuccess = Math.max(-Infinity, ...succeeded.map(finishedAt));
  const recentFailures = failed.map(finishedAt).filter((at) => at > lastSuccess);
  if (recentFailures.length === 0) return 0;
  const delay = Math.min(MAX_POD_FAILURE_BACKOFF_MS, POD_FAILURE_BACKOFF_MS * 2 ** (recentFailures.length - 1));
  return Math.max(0, Math.max(...recentFailures) + delay - now);
}
