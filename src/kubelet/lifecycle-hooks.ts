// Lifecycle hooks (postStart, preStop) as upstream's handler runner: exec through the runtime,
// httpGet to the pod IP (or `host`), or sleep on the kubelet's clock. A failure is returned as
// upstream's message for the FailedPostStartHook / FailedPreStopHook Event.
import type { Container, LifecycleHandler, Pod } from '../api/index.js';
import type { ContainerRecord } from './container-runtime.js';
import type { PodSyncContext } from './pod-sync.js';
import { runProbe } from './prober/run-probe.js';

function podLabel(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

/** Runs the hook; resolves with the failure message, or undefined when it succeeded. */
export async function runHook(ctx: PodSyncContext, pod: Pod, spec: Container, record: ContainerRecord, hook: LifecycleHandler, timeoutSeconds: number): Promise<string | undefined> {
  if (hook.exec?.command) {
    const command = hook.exec.command;
    const failed = (error: string, output: string): string =>
      `Exec lifecycle hook ([${command.join(' ')}]) for Container "${record.name}" in Pod "${podLabel(pod)}" failed - error: ${error}, message: ${JSON.stringify(output)}`;
    try {
      const result = await ctx.runtime.exec(record.id, command, { timeoutMs: timeoutSeconds * 1000 });
      if (result.exitCode !== 0) return failed(`command '${command.join(' ')}' exited with ${result.exitCode}: ${result.stderr}`, result.stdout + result.stderr);
    } catch (error) {
      return failed(error instanceof Error ? error.message : String(error), '');
    }
    return undefined;
  }
  if (hook.httpGet) {
    const podIP = ctx.runtime.sandboxFor(pod.metadata?.uid ?? '')?.ip ?? '';
    const outcome = await runProbe({ httpGet: hook.httpGet, timeoutSeconds }, { runtime: ctx.runtime, containerId: record.id, container: spec, podIP });
    return outcome.success ? undefined : `HTTP lifecycle hook (${hook.httpGet.path ?? ''}) for Container "${record.name}" in Pod "${podLabel(pod)}" failed - error: ${outcome.output}`;
  }
  if (hook.sleep?.seconds !== undefined) {
    const ms = Math.min(hook.sleep.seconds, timeoutSeconds) * 1000;
    await new Promise<void>((resolve) => ctx.clock.setTimeout(resolve, ms));
  }
  return undefined;
}
