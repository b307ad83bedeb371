// The pod status a kubelet reports, computed from the runtime's records (pure, like upstream's
// generateAPIPodStatus): phase, the five conditions, container statuses (regular ones sorted by
// name, init ones in spec order), host and pod IPs, start time and QoS class.
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../api/index.js';
import { podQOSClass } from '../machinery/index.js';
import type { ContainerRecord, SandboxStatus } from './container-runtime.js';

export interface Waiting {
  reason: string;
  message?: string;
}

export interface PodObservation {
  pod: Pod;
  hostIP: string;
  sandbox?: SandboxStatus;
  /** Every container instance of the pod the runtime knows, any order. */
  containers: ContainerRecord[];
  /** Containers held back from a restart (CrashLoopBackOff), by name. */
  waiting: Map<string, Waiting>;
  /** Scheme of container IDs, e.g. `sim`. */
  runtimeScheme: string;
  /** Started and ready of a running container as its probes say (absent: started and ready once running). */
  probeState?: (record: ContainerRecord) => { started: boolean; ready: boolean };
  /** Set once the pod reached a terminal phase (or was killed for deletion). */
  terminal?: boolean;
  now: Date;
}

export function rfc3339(at: number | Date): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The newest instance of each container name and the one before it. */
export function instancesByName(records: ContainerRecord[]): Map<string, { latest: ContainerRecord; previous?: ContainerRecord }> {
  const sorted = [...records].sort((a, b) => a.attempt - b.attempt || a.createdAt - b.createdAt);
  const result = new Map<string, { latest: ContainerRecord; previous?: ContainerRecord }>();
  for (const record of sorted) {
    const before = result.get(record.name);
    result.set(record.name, { latest: record, previous: before?.latest });
  }
  return result;
}

function terminatedState(record: ContainerRecord, scheme: string): ContainerState {
  return {
    terminated: {
      containerID: `${scheme}://${record.id}`,
      exitCode: record.exitCode ?? 0,
      reason: record.reason ?? (record.exitCode === 0 ? 'Completed' : 'Error'),
      ...(record.message ? { message: record.message } : {}),
      startedAt: rfc3339(record.startedAt ?? record.createdAt),
      finishedAt: rfc3339(record.finishedAt ?? record.createdAt),
    },
  };
}

function containerStatus(
  spec: Container,
  instances: { latest: ContainerRecord; previous?: ContainerRecord } | undefined,
  waiting: Waiting | undefined,
  notStartedReason: string,
  scheme: string,
  init: boolean,
  probeState?: PodObservation['probeState'],
): ContainerStatus {
  const latest = instances?.latest;
  const status: ContainerStatus = {
    name: spec.name,
    image: latest?.image ?? spec.image ?? '',
    imageID: latest?.imageID ?? '',
    ready: false,
    restartCount: latest?.attempt ?? 0,
    started: false,
    state: { waiting: { reason: notStartedReason } },
    lastState: {},
  };
  if (!latest) {
    if (waiting) status.state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
    return status;
  }
  status.containerID = `${scheme}://${latest.id}`;
  if (instances?.previous) status.lastState = terminatedState(instances.previous, scheme);
  if (latest.state === 'created') status.state = { waiting: { reason: 'ContainerCreating' } };
  else if (latest.state === 'running') {
    status.state = { running: { startedAt: rfc3339(latest.startedAt ?? latest.createdAt) } };
    const probed = probeState?.(latest) ?? { started: true, ready: true };
    status.started = probed.started;
    status.ready = !init && probed.ready;
  } else if (waiting && latest.state === 'exited') {
    status.state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
    status.lastState = terminatedState(latest, scheme);
  } else {
    status.state = terminatedState(latest, scheme);
    status.ready = init && latest.exitCode === 0;
  }
  return status;
}

/** A sidecar: an init container with restartPolicy Always (runs beside the regular containers). */
function isSidecar(spec: Container): boolean {
  return spec.restartPolicy === 'Always';
}

/** Upstream's getPhase: regular init containers must have succeeded, sidecars must have started. */
function podPhase(pod: Pod, init: ContainerStatus[], regular: ContainerStatus[], terminal: boolean): string {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const initSpecs = pod.spec?.initContainers ?? [];
  let pendingInit = 0;
  let failedInit = 0;
  let pendingSidecars = 0;
  let running = 0;
  initSpecs.forEach((spec, index) => {
    const status = init[index];
    const exited = status.state?.terminated ?? status.lastState?.terminated;
    if (isSidecar(spec)) {
      if (status.state?.running) {
        running++;
        if (!status.started) pendingSidecars++;
      } else if (!exited) pendingSidecars++;
    } else if (status.state?.running || !exited) pendingInit++;
    else if (exited.exitCode !== 0) failedInit++;
  });
  if (failedInit > 0 && policy === 'Never' && init.some((s) => s.state?.terminated && s.state.terminated.exitCode !== 0)) return 'Failed';
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const status of regular) {
    if (status.state?.running) running++;
    else if (status.state?.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.lastState?.terminated) {
      stopped++;
      if (status.lastState.terminated.exitCode === 0) succeeded++;
    } else waiting++;
  }
  if (pendingInit > 0 || failedInit > 0 || (pendingSidecars > 0 && stopped !== regular.length)) return terminal ? 'Failed' : 'Pending';
  if (terminal && running === 0 && waiting === 0) return stopped === succeeded ? 'Succeeded' : 'Failed';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  if (policy === 'Never') return 'Failed';
  return 'Running';
}

function condition(type: string, status: boolean, reason?: string, message?: string): PodCondition {
  return { type, status: status ? 'True' : 'False', ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

/** Ready also waits for the conditions of spec.readinessGates (others set them), as upstream's GeneratePodReadyCondition. */
function gated(ready: PodCondition, pod: Pod, conditions: PodCondition[]): PodCondition {
  if (ready.status !== 'True') return ready;
  const unready: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const found = conditions.find((c) => c.type === gate.conditionType);
    if (!found) unready.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (found.status !== 'True') unready.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${found.status}`);
  }
  return unready.length === 0 ? ready : condition('Ready', false, 'ReadinessGatesNotReady', unready.join(', '));
}

const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/**
 * Init containers not done yet: regular ones must have succeeded, sidecars must have started; none
 * once a regular container has started (a restarting sidecar does not un-initialize the pod).
 */
function incompleteInitContainers(pod: Pod, init: ContainerStatus[], regular: ContainerStatus[]): string[] {
  if (regular.some((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated)) return [];
  const specs = pod.spec?.initContainers ?? [];
  return init.filter((s, i) => (isSidecar(specs[i]) ? !s.started : s.state?.terminated?.exitCode !== 0)).map((s) => s.name);
}

function podConditions(pod: Pod, phase: string, sandboxReady: boolean, init: ContainerStatus[], regular: ContainerStatus[], now: Date): PodCondition[] {
  const completed = phase === 'Succeeded';
  const incompleteInit = incompleteInitContainers(pod, init, regular);
  const specs = pod.spec?.initContainers ?? [];
  // Sidecars count for ContainersReady too, listed first (as upstream).
  const unready = [...init.filter((s, i) => isSidecar(specs[i]) && !s.ready), ...regular.filter((s) => !s.ready)].map((s) => s.name);
  const initialized = completed
    ? condition('Initialized', true, 'PodCompleted')
    : incompleteInit.length === 0
      ? condition('Initialized', true)
      : condition('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`);
  const readiness = (type: string): PodCondition =>
    completed
      ? condition(type, false, 'PodCompleted')
      : unready.length === 0
        ? condition(type, true)
        : incompleteInit.length > 0
          ? condition(type, false, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`)
          : condition(type, false, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`);
  const previous = pod.status?.conditions ?? [];
  const fresh = [condition('PodReadyToStartContainers', sandboxReady), initialized, gated(readiness('Ready'), pod, previous), readiness('ContainersReady')];
  const scheduled = previous.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true);
  const others = previous.filter((c) => c.type !== 'PodScheduled' && !KUBELET_CONDITIONS.includes(c.type));
  const time = rfc3339(now);
  const stamped = fresh.map((c) => {
    const before = previous.find((p) => p.type === c.type);
    return { ...c, lastTransitionTime: before?.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : time };
  });
  return [...stamped, { ...scheduled, lastTransitionTime: scheduled.lastTransitionTime ?? time }, ...others];
}

export function buildPodStatus(observation: PodObservation): PodStatus {
  const { pod, sandbox, runtimeScheme: scheme, waiting } = observation;
  const instances = instancesByName(observation.containers);
  const initSpecs = pod.spec?.initContainers ?? [];
  const init = initSpecs.map((spec) => containerStatus(spec, instances.get(spec.name), waiting.get(spec.name), 'PodInitializing', scheme, !isSidecar(spec), observation.probeState));
  const started = (pod.spec?.containers ?? []).some((spec) => instances.get(spec.name) !== undefined);
  const initDone = started || initSpecs.every((spec, i) => (isSidecar(spec) ? init[i].started : init[i].state?.terminated?.exitCode === 0));
  const regular = (pod.spec?.containers ?? [])
    .map((spec) => containerStatus(spec, instances.get(spec.name), waiting.get(spec.name), initDone ? 'ContainerCreating' : 'PodInitializing', scheme, false, observation.probeState))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const phase = podPhase(pod, init, regular, observation.terminal ?? false);
  const sandboxReady = sandbox?.state === 'ready';
  const status: PodStatus = {
    phase,
    conditions: podConditions(pod, phase, sandboxReady, init, regular, observation.now),
    hostIP: observation.hostIP,
    hostIPs: [{ ip: observation.hostIP }],
    ...(sandbox ? { podIP: sandbox.ip, podIPs: [{ ip: sandbox.ip }] } : pod.status?.podIP ? { podIP: pod.status.podIP, podIPs: pod.status.podIPs } : {}),
    startTime: pod.status?.startTime ?? rfc3339(observation.now),
    ...(init.length > 0 ? { initContainerStatuses: init } : {}),
    containerStatuses: regular,
    // Fixed at creation (the API server sets it): recomputed only when missing, as upstream's GetPodQOS.
    qosClass: pod.status?.qosClass ?? podQOSClass(pod.spec),
  };
  return status;
}
