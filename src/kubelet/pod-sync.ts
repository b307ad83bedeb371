// One level-based pass over a pod bound to this node (upstream's SyncPod / SyncTerminatingPod): make
// the runtime match the spec (sandbox, volumes, init containers in order, then the containers,
// restarts with crash-loop back-off, containers whose liveness or startup probe failed killed), then
// write the resulting status (merge patch of pods/status). Pods being deleted have their containers
// stopped within the grace period, their final status written, and are then deleted with grace
// period 0 (as the status manager).
import type { Container, Pod, PodStatus } from '../api/index.js';
import { isConflict, isNotFound, type Client, type Clock, type EventRecorder } from '../client/index.js';
import { PodObjects } from './container-config/pod-objects.js';
import type { ContainerRecord, ContainerRuntime, MountConfig, SandboxStatus } from './container-runtime.js';
import { gracePeriodSeconds, killContainer } from './kill-container.js';
import { runHook } from './lifecycle-hooks.js';
import { podRuntime } from './pod-runtime.js';
import { buildPodStatus, instancesByName, type Waiting } from './pod-status.js';
import type { ProbeManager } from './prober/probe-manager.js';
import { formatDuration, type RestartBackoff } from './restart-backoff.js';
import { failureKey, imageBackOff, startContainer, type StartFailure } from './start-container.js';
import { resourceVersionNumber, statusPatch, withLastStatus, type WrittenStatus } from './status-patch.js';
import type { VolumeManager } from './volumes/volume-manager.js';

export interface PodSyncContext {
  client: Client;
  runtime: ContainerRuntime;
  clock: Clock;
  backoff: RestartBackoff;
  /** Back-off of failed image pulls (upstream: 10 s doubling to 5 min). */
  imageBackoff: RestartBackoff;
  /** The last failed start of each container (`<uid>/<name>`) until one succeeds. */
  startFailures: Map<string, StartFailure>;
  /** Retry delay of a container whose config or creation failed (upstream's pod worker back-off, 10 s). */
  startRetryMs: number;
  nodeName: string;
  hostIP: string;
  /** The node's allocatable resources (resourceFieldRef of unset limits). */
  allocatable: Record<string, string>;
  /** Present when the runtime mounts volumes. */
  volumes?: VolumeManager;
  /** Present when the runtime runs probes. */
  probes?: ProbeManager;
  /** Pulled / Created / Started / BackOff / Killing events, as upstream's kubelet records them. */
  events?: EventRecorder;
  /** Container IDs already announced as Started, per pod uid. */
  announced: Map<string, string[]>;
  /** The last status written per pod uid, until the pod cache shows it. */
  written: Map<string, WrittenStatus>;
  record(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
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
  /** Every regular container has finished for good: the sidecars are stopped. */
  stopSidecars?: boolean;
}

/**
 * What to start now and what waits out a back-off, from the containers the runtime has. Init
 * containers run one at a time in order; a sidecar (an init container with restartPolicy Always)
 * only has to have started (`started`: its startup probe passed) before the next one, keeps running
 * and is restarted whatever the pod's restartPolicy, until the regular containers are done for good.
 */
export function planContainers(pod: Pod, records: ContainerRecord[], backoff: RestartBackoff, now: number, started: (record: ContainerRecord) => boolean = () => true): Plan {
  const plan: Plan = { start: [], waiting: new Map() };
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const instances = instancesByName(records);
  const regular = pod.spec?.containers ?? [];
  // Once a regular container exists, initialization is over (as upstream): init containers never run again.
  const initialized = regular.some((c) => instances.has(c.name));
  const finished = (latest: ContainerRecord | undefined) =>
    latest?.state === 'exited' && (policy === 'Never' || (policy === 'OnFailure' && latest.exitCode === 0));
  plan.stopSidecars = regular.length > 0 && regular.every((c) => finished(instances.get(c.name)?.latest));
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
    if (isSidecar(spec)) {
      if (plan.stopSidecars) continue;
      if (!latest) plan.start.push({ spec, attempt: 0, init: false });
      else if (latest.state === 'exited') restartOrWait(spec, latest, false);
      else if (latest.state === 'running' && started(latest)) continue;
      if (!initialized) return plan;
      continue;
    }
    if (initialized) continue;
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

export function isSidecar(spec: Container): boolean {
  return spec.restartPolicy === 'Always';
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** A pod name longer than 63 characters is cut, without a trailing '-' or '.', as upstream's hostname. */
function truncatedHostname(name: string): string {
  return name.length <= 63 ? name : name.slice(0, 63).replace(/[-.]+$/, '');
}

function sandboxConfig(pod: Pod) {
  const uid = pod.metadata?.uid ?? '';
  const ports = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].flatMap((c) =>
    (c.ports ?? []).map((port) => ({
      containerPort: port.containerPort,
      protocol: (port.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP',
      ...(port.hostPort ? { hostPort: port.hostPort } : {}),
      ...(port.hostIP ? { hostIP: port.hostIP } : {}),
    })),
  );
  return {
    podUid: uid,
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    annotations: pod.metadata?.annotations ?? {},
    labels: pod.metadata?.labels ?? {},
    hostname: pod.spec?.hostname || truncatedHostname(pod.metadata?.name ?? ''),
    ...(pod.spec?.runtimeClassName ? { runtimeClassName: pod.spec.runtimeClassName } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  };
}

/**
 * Container garbage collection as upstream's (MaxPerPodContainer 1): of each container only the
 * newest instance and the one before it are kept (restartCount and lastState come from them, and
 * `kubectl logs --previous` reads the older one); earlier exited instances are removed.
 */
async function removeDeadInstances(ctx: PodSyncContext, sandboxId: string): Promise<void> {
  const byName = new Map<string, ContainerRecord[]>();
  for (const record of ctx.runtime.listContainers(sandboxId)) {
    let list = byName.get(record.name);
    if (!list) byName.set(record.name, (list = []));
    list.push(record);
  }
  for (const list of byName.values()) {
    if (list.length <= 2) continue;
    list.sort((a, b) => a.attempt - b.attempt || a.createdAt - b.createdAt);
    for (const old of list.slice(0, -2)) if (old.state === 'exited') await ctx.runtime.removeContainer(old.id);
  }
}

/** Stops the running sidecars of a pod whose regular containers are done, last one first (as upstream). */
async function stopSidecars(ctx: PodSyncContext, pod: Pod, records: ContainerRecord[]): Promise<void> {
  const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar).reverse();
  const running = instancesByName(records);
  for (const spec of sidecars) {
    const latest = running.get(spec.name)?.latest;
    if (latest?.state === 'running') await killContainer(ctx, pod, latest, `Stopping container ${spec.name}`, gracePeriodSeconds(pod));
  }
}

/** Kills running containers whose liveness or startup probe failed (they restart by restartPolicy). */
async function killUnhealthy(ctx: PodSyncContext, probes: ProbeManager, pod: Pod, records: ContainerRecord[]): Promise<void> {
  const latest = [...instancesByName(records).values()].map((i) => i.latest).filter((r) => r.state === 'running');
  for (const record of latest) {
    const failed = probes.failed(record.id);
    if (failed) await killContainer(ctx, pod, record, `Container ${record.name} failed ${failed.type} probe, will be restarted`, gracePeriodSeconds(pod, failed.probe));
  }
}

interface StartContext {
  pod: Pod;
  sandbox: SandboxStatus;
  objects: PodObjects;
  /** Set for pods whose runtime mounts volumes: the manager and the pod's volume paths. */
  volumes?: { manager: VolumeManager; paths: Map<string, string> };
}

/** Starts what the plan says; what could not start waits (image back-off, config errors) until `resyncAt`. */
async function startPlanned(ctx: PodSyncContext, start: StartContext, plan: Plan): Promise<{ waiting: Map<string, Waiting>; resyncAt?: number }> {
  const { pod, sandbox, objects, volumes } = start;
  const waiting = plan.waiting;
  let resyncAt = plan.resyncAt;
  for (const { spec, attempt, init } of plan.start) {
    const now = ctx.clock.now();
    const held = imageBackOff(ctx, pod, spec, now);
    let mounts: MountConfig[] = [];
    if (!held && volumes) {
      try {
        mounts = volumes.manager.mounts(pod, spec, volumes.paths);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        ctx.record(pod, 'Warning', 'Failed', `Error: ${message}`);
        ctx.startFailures.set(failureKey(pod, spec.name), { waiting: { reason: 'CreateContainerConfigError', message }, at: now, image: false });
        waiting.set(spec.name, { reason: 'CreateContainerConfigError', message });
        resyncAt = earliest(resyncAt, now + ctx.startRetryMs);
        continue;
      }
    }
    const result = held ?? (await startContainer(ctx, { pod, sandbox, spec, attempt, init, objects, mounts, serviceLinks: volumes !== undefined }));
    if ('waiting' in result) {
      waiting.set(spec.name, result.waiting);
      resyncAt = earliest(resyncAt, result.retryAt);
    }
  }
  for (const [name, state] of plan.waiting) if (state.reason === 'CrashLoopBackOff') ctx.record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${podName(pod)}`);
  return { waiting, resyncAt };
}

export async function syncPod(ctx: PodSyncContext, cached: Pod): Promise<SyncOutcome> {
  const { runtime } = ctx;
  const pod = withLastStatus(cached, ctx.written);
  const uid = pod.metadata?.uid ?? '';
  if (pod.metadata?.deletionTimestamp) return terminate(ctx, pod);
  const existing = runtime.sandboxFor(uid);
  if (TERMINAL.has(pod.status?.phase ?? '')) {
    ctx.probes?.forgetPod(uid);
    if (existing?.state === 'ready') await runtime.stopPodSandbox(existing.id);
    return {};
  }
  let owner: ContainerRuntime;
  try {
    owner = podRuntime(runtime, pod);
  } catch (error) {
    // e.g. a RuntimeClass this node has no runtime for: the pod waits, as upstream's sandbox failures do.
    ctx.record(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${error instanceof Error ? error.message : String(error)}`);
    const gone = await writeStatus(ctx, pod, observe(ctx, pod, undefined, new Map(), false));
    return { resyncAt: ctx.clock.now() + ctx.startRetryMs, gone };
  }
  const probes = owner.runsProbes ? ctx.probes : undefined;
  const volumeManager = owner.mountsVolumes ? ctx.volumes : undefined;
  const sandbox = existing ?? (await runtime.runPodSandbox(sandboxConfig(pod)));
  const objects = new PodObjects(ctx.client, pod.metadata?.namespace ?? '');
  let resyncAt: number | undefined;
  let waiting = new Map<string, Waiting>();
  let volumes: Map<string, string> | undefined;
  if (volumeManager) {
    const mounted = await volumeManager.setUp(pod, objects, { podIP: sandbox.ip, hostIP: ctx.hostIP });
    if ('failed' in mounted) {
      ctx.record(pod, 'Warning', 'FailedMount', mounted.failed);
      resyncAt = ctx.clock.now() + ctx.startRetryMs;
    } else {
      volumes = mounted.volumes;
      if (mounted.warning) ctx.record(pod, 'Warning', 'FailedMount', mounted.warning);
    }
  }
  if (!volumeManager || volumes) {
    if (probes) await killUnhealthy(ctx, probes, pod, runtime.listContainers(sandbox.id));
    const plan = planContainers(pod, runtime.listContainers(sandbox.id), ctx.backoff, ctx.clock.now(), (record) => probes?.state(record.id).started ?? true);
    if (plan.stopSidecars) await stopSidecars(ctx, pod, runtime.listContainers(sandbox.id));
    const started = await startPlanned(ctx, { pod, sandbox, objects, volumes: volumeManager && volumes ? { manager: volumeManager, paths: volumes } : undefined }, plan);
    waiting = started.waiting;
    resyncAt = started.resyncAt;
  }
  await removeDeadInstances(ctx, sandbox.id);
  await announceStarted(ctx, pod, runtime.listContainers(sandbox.id), probes !== undefined);
  const records = runtime.listContainers(sandbox.id);
  probes?.sync(pod, sandbox, records);
  let status = observe(ctx, pod, sandbox, waiting, false, probes);
  if (TERMINAL.has(status.phase ?? '')) {
    probes?.forgetPod(uid);
    await runtime.stopPodSandbox(sandbox.id);
    status = observe(ctx, pod, sandbox, waiting, true);
  }
  const gone = await writeStatus(ctx, pod, status);
  return { resyncAt: earliest(resyncAt, volumeManager?.refreshAt(uid)), gone };
}

/**
 * A Started Event for each container instance seen running for the first time, then its postStart
 * hook (runtimes that run hooks): a failed hook is a Warning FailedPostStartHook and kills the
 * container (Killing `FailedPostStartHook`), which then restarts by restartPolicy, as upstream.
 */
async function announceStarted(ctx: PodSyncContext, pod: Pod, containers: ContainerRecord[], hooks: boolean): Promise<void> {
  const uid = pod.metadata?.uid ?? '';
  for (const container of containers) {
    if (container.state !== 'running') continue;
    let announced = ctx.announced.get(uid);
    if (!announced) ctx.announced.set(uid, (announced = []));
    if (announced.includes(container.id)) continue;
    announced.push(container.id);
    ctx.record(pod, 'Normal', 'Started', `Started container ${container.name}`);
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === container.name);
    const hook = spec?.lifecycle?.postStart;
    if (!hooks || !spec || !hook) continue;
    const failure = await runHook(ctx, pod, spec, container, hook, gracePeriodSeconds(pod));
    if (!failure) continue;
    ctx.record(pod, 'Warning', 'FailedPostStartHook', failure);
    await killContainer(ctx, pod, container, 'FailedPostStartHook', gracePeriodSeconds(pod));
  }
}

function observe(ctx: PodSyncContext, pod: Pod, sandbox: SandboxStatus | undefined, waiting: Map<string, Waiting>, terminal: boolean, probes?: ProbeManager): PodStatus {
  return buildPodStatus({
    pod,
    hostIP: ctx.hostIP,
    sandbox,
    containers: sandbox ? ctx.runtime.listContainers(sandbox.id) : [],
    waiting,
    runtimeScheme: ctx.runtime.version.split('://')[0],
    probeState: probes ? (record) => probes.state(record.id) : undefined,
    terminal,
    now: new Date(ctx.clock.now()),
  });
}

async function terminate(ctx: PodSyncContext, pod: Pod): Promise<SyncOutcome> {
  const { runtime } = ctx;
  const sandbox = runtime.sandboxFor(pod.metadata?.uid ?? '');
  ctx.probes?.forgetPod(pod.metadata?.uid ?? '');
  if (sandbox) {
    const grace = gracePeriodSeconds(pod);
    const running = runtime.listContainers(sandbox.id).filter((container) => container.state === 'running');
    await Promise.all(running.map((container) => killContainer(ctx, pod, container, `Stopping container ${container.name}`, grace)));
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
  return { gone: true };
}

/**
 * Writes the status when it differs from the pod's (the cached one, or the kubelet's last write
 * while the cache lags: status-patch.ts), as a JSON merge patch of pods/status of the fields that
 * changed (as upstream's status manager patches): no resourceVersion, so a cache a step behind
 * costs no conflict. Returns true when the pod is gone.
 */
async function writeStatus(ctx: PodSyncContext, pod: Pod, status: PodStatus): Promise<boolean> {
  const patch = statusPatch(pod.status, status);
  if (patch === undefined) return false;
  const uid = pod.metadata?.uid ?? '';
  try {
    const stored = await ctx.client.resource<Pod>('v1', 'pods').patch(pod.metadata?.name ?? '', { status: patch }, { type: 'merge', subresource: 'status', namespace: pod.metadata?.namespace });
    const resourceVersion = resourceVersionNumber(stored);
    if (resourceVersion !== undefined) ctx.written.set(uid, { resourceVersion, status });
    else ctx.written.delete(uid);
    return false;
  } catch (error) {
    ctx.written.delete(uid);
    if (isNotFound(error)) return true;
    throw error;
  }
}
