// Stopping a container as upstream's killContainer: the grace period comes from the pod's deletion
// (metadata.deletionGracePeriodSeconds), a failed probe's own terminationGracePeriodSeconds, or
// spec.terminationGracePeriodSeconds (30 s by default); a preStop exec, httpGet or sleep hook runs first and
// its time is taken from the grace period, which never drops below 2 s.
import type { Container, Pod, Probe } from '../api/index.js';
import type { ContainerRecord } from './container-runtime.js';
import type { PodSyncContext } from './pod-sync.js';
import { runHook } from './lifecycle-hooks.js';
import { podRuntime } from './pod-runtime.js';

const DEFAULT_GRACE_SECONDS = 30;
const MINIMUM_GRACE_SECONDS = 2;

export function gracePeriodSeconds(pod: Pod, probe?: Probe): number {
  if (pod.metadata?.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds !== undefined) return pod.metadata.deletionGracePeriodSeconds;
  if (probe?.terminationGracePeriodSeconds !== undefined) return probe.terminationGracePeriodSeconds;
  return pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

/** Runs the preStop hook within the grace period; returns the seconds it took. */
async function preStop(ctx: PodSyncContext, pod: Pod, spec: Container | undefined, record: ContainerRecord, grace: number): Promise<number> {
  const hook = spec?.lifecycle?.preStop;
  if (!spec || !hook || record.state !== 'running') return 0;
  const began = ctx.clock.now();
  const failure = await runHook(ctx, pod, spec, record, hook, grace);
  if (failure) ctx.record(pod, 'Warning', 'FailedPreStopHook', failure);
  return Math.floor((ctx.clock.now() - began) / 1000);
}

/** Hooks run where probes do: runtimes that run processes (the sim only pretends). */
function runsHooks(ctx: PodSyncContext, pod: Pod): boolean {
  try {
    return podRuntime(ctx.runtime, pod).runsProbes === true;
  } catch {
    return false;
  }
}

/** Stops one running container: Killing Event with `message`, preStop, then the runtime's graceful stop. */
export async function killContainer(ctx: PodSyncContext, pod: Pod, record: ContainerRecord, message: string, grace: number): Promise<void> {
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === record.name);
  ctx.record(pod, 'Normal', 'Killing', message);
  const spent = runsHooks(ctx, pod) ? await preStop(ctx, pod, spec, record, grace) : 0;
  await ctx.runtime.stopContainer(record.id, Math.max(MINIMUM_GRACE_SECONDS, grace - spent));
}
