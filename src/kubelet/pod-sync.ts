// One level-based pass over a pod bound to this node (upstream's SyncPod / SyncTerminatingPod): make
// the runtime match the spec (sandbox, init containers in order, then the containers, restarts with
// crash-loop back-off), then write the resulting status (merge patch of pods/status). Pods being deleted are
// stopped, their final status written, and then deleted with grace period 0 (as the status manager).
import type { Container, Pod, PodStatus } from '../api/index.js';
import { isConflict, isNotFound, type Client, type Clock, type EventRecorder } from '../client/index.js';
import type { ContainerRecord, ContainerRuntime, SandboxStatus } from './container-runtime.js';
import { buildPodStatus, instancesByName, type Waiting } from './pod-status.js';
import { formatDuration, type RestartBackoff } from './restart-backoff.js';
import { sameJson } from './same-json.js';

export interface PodSyncContext {
  client: Client;
  runtime: ContainerRuntime;
  clock: Clock;
  backoff: RestartBackoff;
  nodeName: string;
  hostIP: string;
  /** Pulled / Created / Started / BackOff / Killing events, as upstream's kubelet records them. */
  events?: EventRecorder;
  /** Container IDs already announced as Started, per pod uid. */
  announced: Map<string, Set<string>>;
}

export interface SyncOutcome {
  /** Sync again at this time (ms since the epoch), e.g. when a back-off ends. */
  resyncAt?: number;
  /** The pod is gone (deleted by us or already): forget it. */
  gone?: boolean;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

function podName(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

export function backoffKey(pod: Pod, container: Container): string {
  return `${pod.metadata?.uid}/${container.name}`;
}

interface Plan {
  start: { spec: Container; attempt: number; init: boolean }[];
  waiting: Map<string, Waiting>;
  resyncAt?: number;
}

/** What to start now and what waits out a back-off, from the containers the runtime has. */
export function planContainers(pod: Pod, records: ContainerRecord[], backoff: RestartBackoff, now: number): Plan {
  const plan: Plan = { start: [], waiting: new Map() };
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const instances = instancesByName(records);
  const restartOrWait = (spec: Container, latest: ContainerRecord, init: boolean): void => {
    const key = backoffKey(pod, spec);
    if (backoff.inBackOffSince(key, latest.finishedAt ?? now, now)) {
      const waitMs = backoff.current(key);
      plan.waiting.set(spec.name, { reason: 'CrashLoopBackOff', message: `back-off ${formatDuration(waitMs)} restarting failed container=${spec.name} pod=${podName(pod)}` });
      const at = (latest.finishedAt ?? now) + waitMs;
      plan.resyncAt = Math.min(plan.resyncAt ?? at, at);
      return;
    }
    backoff.next(key, now);
    plan.start.push({ spec, attempt: latest.attempt + 1, init });
  };
  for (const spec of pod.spec?.initContainers ?? []) {
    const latest = instances.get(spec.name)?.latest;
    if (!latest) {
      plan.start.push({ spec, attempt: 0, init: true });
      return plan;
    }
    if (latest.state !== 'exited') return plan;
    if (latest.exitCode === 0) continue;
    if (policy !== 'Never') restartOrWait(spec, latest, true);
    return plan;
  }
  for (const spec of pod.spec?.containers ?? []) {
    const latest = instances.get(spec.name)?.latest;
    if (!latest) plan.start.push({ spec, attempt: 0, init: false });
    else if (latest.state === 'exited' && (policy === 'Always' || (policy === 'OnFailure' && latest.exitCode !== 0))) restartOrWait(spec, latest, false);
  }
  return plan;
}

export async function syncPod(ctx: PodSyncContext, pod: Pod): Promise<SyncOutcome> {
  const { runtime } = ctx;
  const uid = pod.metadata?.uid ?? '';
  if (pod.metadata?.deletionTimestamp) return terminate(ctx, pod);
  const existing = runtime.sandboxFor(uid);
  if (TERMINAL.has(pod.status?.phase ?? '')) {
    if (existing?.state === 'ready') await runtime.stopPodSandbox(existing.id);
    return {};
  }
  const sandbox = existing ?? (await runtime.runPodSandbox({ podUid: uid, namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', annotations: pod.metadata?.annotations ?? {} }));
  const plan = planContainers(pod, runtime.listContainers(sandbox.id), ctx.backoff, ctx.clock.now());
  for (const { spec, attempt, init } of plan.start) {
    await runtime.startContainer(sandbox.id, { name: spec.name, image: spec.image ?? '', command: spec.command, args: spec.args, annotations: pod.metadata?.annotations ?? {}, attempt, init });
    record(ctx, pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`);
    record(ctx, pod, 'Normal', 'Created', `Created container: ${spec.name}`);
  }
  announceStarted(ctx, pod, runtime.listContainers(sandbox.id));
  for (const name of plan.waiting.keys()) record(ctx, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${podName(pod)}`);
  let status = observe(ctx, pod, sandbox, plan.waiting, false);
  if (TERMINAL.has(status.phase ?? '')) {
    await runtime.stopPodSandbox(sandbox.id);
    status = observe(ctx, pod, sandbox, plan.waiting, true);
  }
  const gone = await writeStatus(ctx, pod, status);
  return { resyncAt: plan.resyncAt, gone };
}

function record(ctx: PodSyncContext, pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
  void ctx.events?.event(pod, type, reason, message);
}

function announceStarted(ctx: PodSyncContext, pod: Pod, containers: ContainerRecord[]): void {
  const uid = pod.metadata?.uid ?? '';
  for (const container of containers) {
    if (container.state !== 'running') continue;
    let announced = ctx.announced.get(uid);
    if (!announced) ctx.announced.set(uid, (announced = new Set()));
    if (announced.has(container.id)) continue;
    announced.add(container.id);
    record(ctx, pod, 'Normal', 'Started', `Started container ${container.name}`);
  }
}

function observe(ctx: PodSyncContext, pod: Pod, sandbox: SandboxStatus | undefined, waiting: Map<string, Waiting>, terminal: boolean): PodStatus {
  return buildPodStatus({
    pod,
    hostIP: ctx.hostIP,
    sandbox,
    containers: sandbox ? ctx.runtime.listContainers(sandbox.id) : [],
    waiting,
    runtimeScheme: ctx.runtime.version.split('://')[0],
    terminal,
    now: new Date(ctx.clock.now()),
  });
}

async function terminate(ctx: PodSyncContext, pod: Pod): Promise<SyncOutcome> {
  const { runtime } = ctx;
  const sandbox = runtime.sandboxFor(pod.metadata?.uid ?? '');
  if (sandbox) {
    for (const container of runtime.listContainers(sandbox.id)) {
      if (container.state === 'running') record(ctx, pod, 'Normal', 'Killing', `Stopping container ${container.name}`);
    }
    await runtime.stopPodSandbox(sandbox.id);
    const status = observe(ctx, pod, sandbox, new Map(), true);
    if (await writeStatus(ctx, pod, status)) {
      await runtime.removePodSandbox(sandbox.id);
      return { gone: true };
    }
  }
  try {
    await ctx.client.resource<Pod>('v1', 'pods').delete(pod.metadata?.name ?? '', {
      namespace: pod.metadata?.namespace,
      gracePeriodSeconds: 0,
      preconditions: { uid: pod.metadata?.uid },
    });
  } catch (error) {
    if (!isNotFound(error) && !isConflict(error)) throw error;
  }
  if (sandbox) await runtime.removePodSandbox(sandbox.id);
  ctx.backoff.forgetPrefix(`${pod.metadata?.uid}/`);
  return { gone: true };
}

/**
 * Writes the status when it differs, as a JSON merge patch of pods/status (as upstream's status
 * manager patches): no resourceVersion, so a cache a step behind costs no conflict. The fields the
 * kubelet owns are sent whole (lists replace); ones it no longer reports are nulled. Returns true
 * when the pod is gone.
 */
async function writeStatus(ctx: PodSyncContext, pod: Pod, status: PodStatus): Promise<boolean> {
  const pods = ctx.client.resource<Pod>('v1', 'pods');
  const current = (pod.status ?? {}) as Record<string, unknown>;
  if (sameJson(current, status)) return false;
  const patch: Record<string, unknown> = { ...status };
  for (const key of ['initContainerStatuses', 'podIP', 'podIPs'] as const) if (current[key] !== undefined && status[key] === undefined) patch[key] = null;
  try {
    await pods.patch(pod.metadata?.name ?? '', { status: patch }, { type: 'merge', subresource: 'status', namespace: pod.metadata?.namespace });
    return false;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}
