// Pods as upstream prints them (pkg/printers/internalversion printPod): READY counts ready
// containers, STATUS walks init containers then containers for the most telling reason.
import { ageSince, humanDuration } from '../age.js';
import { column, list, metadataOf, nameColumn, num, obj, orNone, str, type Obj } from '../cells.js';
import type { Printer } from './types.js';

function terminatedText(terminated: Obj, prefix: string): string {
  if (str(terminated.reason) !== '') return `${prefix}${str(terminated.reason)}`;
  if (num(terminated.signal) !== 0) return `${prefix}Signal:${num(terminated.signal)}`;
  return `${prefix}ExitCode:${num(terminated.exitCode)}`;
}

const isRestartableInit = (container: Obj) => str(container.restartPolicy) === 'Always';

export function podStatusText(pod: Obj): string {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  let reason = str(status.reason) || str(status.phase);
  if (list(status.conditions).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const initSpecs = list(spec.initContainers);
  const initStatuses = list(status.initContainerStatuses);
  let initializing = false;
  initStatuses.forEach((container, i) => {
    if (initializing) return;
    const state = obj(container.state);
    const terminated = state.terminated === undefined ? undefined : obj(state.terminated);
    const waiting = state.waiting === undefined ? undefined : obj(state.waiting);
    if (terminated !== undefined && num(terminated.exitCode) === 0) return;
    const sidecar = initSpecs[i] !== undefined && isRestartableInit(initSpecs[i]);
    if (sidecar && container.started === true) return;
    if (terminated !== undefined) reason = terminatedText(terminated, 'Init:');
    else if (waiting !== undefined && str(waiting.reason) !== '' && str(waiting.reason) !== 'PodInitializing') reason = `Init:${str(waiting.reason)}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
  });
  if (!initializing) {
    let hasRunning = false;
    for (const container of [...list(status.containerStatuses)].reverse()) {
      const state = obj(container.state);
      const waiting = obj(state.waiting);
      const terminated = obj(state.terminated);
      if (state.waiting !== undefined && str(waiting.reason) !== '') reason = str(waiting.reason);
      else if (state.terminated !== undefined) reason = terminatedText(terminated, '');
      else if (container.ready === true && state.running !== undefined) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = list(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (metadataOf(pod).deletionTimestamp !== undefined) reason = str(status.reason) === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function restartsText(pod: Obj, now: Date): string {
  let restarts = 0;
  let lastRestart: number | undefined;
  const status = obj(pod.status);
  for (const container of [...list(status.initContainerStatuses), ...list(status.containerStatuses)]) {
    restarts += num(container.restartCount);
    const finishedAt = str(obj(obj(container.lastState).terminated).finishedAt);
    const finished = finishedAt === '' ? NaN : Date.parse(finishedAt);
    if (!Number.isNaN(finished) && (lastRestart === undefined || finished > lastRestart)) lastRestart = finished;
  }
  if (restarts !== 0 && lastRestart !== undefined) return `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  return String(restarts);
}

function readinessGatesText(pod: Obj): string {
  const gates = list(obj(pod.spec).readinessGates);
  if (gates.length === 0) return '<none>';
  const conditions = list(obj(pod.status).conditions);
  const ready = gates.filter((gate) => conditions.some((c) => c.type === gate.conditionType && c.status === 'True')).length;
  return `${ready}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready'),
    column('Status'),
    column('Restarts'),
    column('Age'),
    column('IP', 'string', 1),
    column('Node', 'string', 1),
    column('Nominated Node', 'string', 1),
    column('Readiness Gates', 'string', 1),
  ],
  cells(pod, now) {
    const spec = obj(pod.spec);
    const status = obj(pod.status);
    const total = list(spec.containers).length + list(spec.initContainers).filter(isRestartableInit).length;
    const ready = [...list(status.containerStatuses), ...list(status.initContainerStatuses).filter((c) => c.ready === true && c.started === true)].filter(
      (c) => c.ready === true,
    ).length;
    const metadata = metadataOf(pod);
    return [
      str(metadata.name),
      `${ready}/${total}`,
      podStatusText(pod),
      restartsText(pod, now),
      ageSince(metadata.creationTimestamp, now),
      orNone(str(status.podIP)),
      orNone(str(spec.nodeName)),
      orNone(str(status.nominatedNodeName)),
      readinessGatesText(pod),
    ];
  },
};
