// The probe workers of every running container of one node's pods (upstream's prober manager):
// created when a container instance runs, dropped when it stops. The kubelet reads `state` for
// containerStatuses[].started/ready (and so the Ready condition and endpoints) and `failed` to kill
// containers whose liveness or startup probe failed; any change re-syncs the pod.
import type { Container, Pod, Probe } from '../../api/index.js';
import type { Clock } from '../../client/index.js';
import type { ContainerRecord, ContainerRuntime, SandboxStatus } from '../container-runtime.js';
import { instancesByName } from '../pod-status.js';
import { ProbeWorker, type ProbeType } from './probe-worker.js';
import { runnable } from './run-probe.js';

export interface ProbeManagerOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  /** A Warning Event on the pod. */
  warn(pod: Pod, reason: string, message: string): void;
  /** A probe result of a container of this pod changed. */
  changed(podUid: string): void;
}

interface ContainerProbes {
  podUid: string;
  workers: Map<ProbeType, ProbeWorker>;
}

export class ProbeManager {
  private readonly containers = new Map<string, ContainerProbes>();
  /** Container ids with workers, per pod uid. */
  private readonly byPod = new Map<string, Set<string>>();

  /** When this kubelet started: a container already running before counts as started (upstream does the same). */
  private readonly since: number;

  constructor(private readonly options: ProbeManagerOptions) {
    this.since = options.clock.now();
  }

  /** Starts workers for newly running containers of the pod and stops those of containers that no longer run. */
  sync(pod: Pod, sandbox: SandboxStatus, records: ContainerRecord[]): void {
    const uid = pod.metadata?.uid ?? '';
    const running = new Map<string, ContainerRecord>();
    for (const { latest } of instancesByName(records).values()) if (latest.state === 'running') running.set(latest.id, latest);
    for (const id of this.byPod.get(uid) ?? []) if (!running.has(id)) this.drop(id);
    for (const record of running.values()) {
      if (this.containers.has(record.id)) continue;
      // Regular containers and sidecars (init containers with restartPolicy Always) are probed.
      const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')].find((c) => c.name === record.name);
      if (spec) this.watch(pod, sandbox, record, spec);
    }
  }

  private watch(pod: Pod, sandbox: SandboxStatus, record: ContainerRecord, spec: Container): void {
    const uid = pod.metadata?.uid ?? '';
    const probes: ContainerProbes = { podUid: uid, workers: new Map() };
    this.containers.set(record.id, probes);
    let ids = this.byPod.get(uid);
    if (!ids) this.byPod.set(uid, (ids = new Set()));
    ids.add(record.id);
    const specs: [ProbeType, Probe | undefined][] = [
      ['startup', spec.startupProbe],
      ['liveness', spec.livenessProbe],
      ['readiness', spec.readinessProbe],
    ];
    for (const [type, probe] of specs) {
      if (!probe || !runnable(probe)) continue;
      const worker = new ProbeWorker(
        type,
        probe,
        { runtime: this.options.runtime, containerId: record.id, container: spec, podIP: sandbox.ip },
        {
          clock: this.options.clock,
          started: () => this.state(record.id).started,
          unhealthy: (message) => this.options.warn(pod, 'Unhealthy', message),
          changed: () => this.options.changed(uid),
        },
      );
      if (type === 'startup' && (record.startedAt ?? Infinity) < this.since) worker.result = 'success';
      probes.workers.set(type, worker);
    }
    for (const worker of probes.workers.values()) worker.start(record.startedAt ?? this.options.clock.now());
  }

  /** started: no startup probe or it succeeded; ready: started and the readiness probe (if any) succeeded. */
  state(containerId: string): { started: boolean; ready: boolean } {
    const workers = this.containers.get(containerId)?.workers;
    const startup = workers?.get('startup');
    const readiness = workers?.get('readiness');
    const started = !startup || startup.result === 'success';
    return { started, ready: started && (!readiness || readiness.result === 'success') };
  }

  /** The liveness or startup probe that failed, when the container must be killed. */
  failed(containerId: string): { type: 'liveness' | 'startup'; probe: Probe } | undefined {
    const workers = this.containers.get(containerId)?.workers;
    for (const type of ['startup', 'liveness'] as const) {
      const worker = workers?.get(type);
      if (worker?.result === 'failure') return { type, probe: worker.probe };
    }
    return undefined;
  }

  forgetPod(uid: string): void {
    for (const id of this.byPod.get(uid) ?? []) this.drop(id);
  }

  stop(): void {
    for (const id of [...this.containers.keys()]) this.drop(id);
  }

  private drop(containerId: string): void {
    const probes = this.containers.get(containerId);
    if (!probes) return;
    for (const worker of probes.workers.values()) worker.stop();
    this.containers.delete(containerId);
    const ids = this.byPod.get(probes.podUid);
    ids?.delete(containerId);
    if (ids?.size === 0) this.byPod.delete(probes.podUid);
  }
}
