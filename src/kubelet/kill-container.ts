// Stopping a container as upstream's killContainer: the grace period comes from the pod's deletion
// (metadata.deletionGracePeriodSeconds), a failed probe's own terminationGracePeriodSeconds, or
// spec.terminationGracePeriodSeconds (30 s by default); a preStop exec, httpGet or sleep hook runs first and
// its time is taken from the grace period, which never drops below 2 s.
import type { Container, Pod, Probe } from '../api/index.js';
import type { ContainerRecord } from './container-runtime.js';
import type { PodSyncContext } from './pod-sync.js';
import { runProbe } from './prober/run-probe.js';

const DEFAULT_GRACE_SECONDS = 30;
const MINIMUM_GRACE_SECONDS = 2;

export function gracePeriodSeconds(pod: Pod, probe?: Probe): number {
  if (pod.metadata?.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds !== undefined) return pod.metadata.deletionGracePeriodSeconds;
  if (probe?.terminationGracePeriodSeconds !== undefined) return probe.terminationGracePeriodSeconds;
  return pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

function podLabel(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

/** Runs the preStop hook (exec, httpGet or sleep) within the grace period; returns the seconds it took. */
async function preStop(ctx: PodSyncContext, pod: Pod, spec: Container | undefined, record: ContainerRecord, grace: number): Promise<number> {
  const hook = spec?.lifecycle?.preStop;
  if (!hook || record.state !== 'running') return 0;
  const began = ctx.clock.now();
  if (hook.exec?.command) {
    const command = hook.exec.command;
    const failed = (error: string, output: string): void =>
      ctx.record(pod, 'Warning', 'FailedPreStopHook', `Exec lifecycle hook ([${command.join(' ')}]) for Container "${record.name}" in Pod "${podLabel(pod)}" failed - error: ${error}, message: ${JSON.stringify(output)}`);
    try {
      const result = await ctx.runtime.exec(record.id, command, { timeoutMs: grace * 1000 });
      if (result.exitCode !== 0) failed(`command '${command.join(' ')}' exited with ${result.exitCode}: ${result.stderr}`, result.stdout + result.stderr);
    } catch (error) {
      failed(error instanceof Error ? error.message : String(error), '');
    }
  } else if (hook.httpGet && spec) {
    const podIP = ctx.runtime.sandboxFor(pod.metadata?.uid ?? '')?.ip ?? '';
    const outcome = await runProbe({ httpGet: hook.httpGet, timeoutSeconds: grace }, { runtime: ctx.runtime, containerId: record.id, container: spec, podIP });
    if (!outcome.success) {
      ctx.record(pod, 'Warning', 'FailedPreStopHook', `HTTP lifecycle hook (${hook.httpGet.path ?? ''}) for Container "${record.name}" in Pod "${podLabel(pod)}" failed - error: ${outcome.output}`);
    }
  } else if (hook.sleep?.seconds !== undefined) {
    const ms = Math.min(hook.sleep.seconds, grace) * 1000;
    await new Promise<void>((resolve) => ctx.clock.setTimeout(resolve, ms));
  }
  return Math.floor((ctx.clock.now() - began) / 1000);
}

/** Stops one running container: Killing Event with `message`, preStop, then the runtime's graceful stop. */
export async function killContainer(ctx: PodSyncContext, pod: Pod, record: ContainerRecord, message: string, grace: number): Promise<void> {
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === record.name);
  ctx.record(pod, 'Normal', 'Killing', message);
  const spent = await preStop(ctx, pod, spec, record, grace);
  await ctx.runtime.stopContainer(record.id, Math.max(MINIMUM_GRACE_SECONDS, grace - spent));
}
