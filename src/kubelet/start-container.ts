// Starting one container of a pod as upstream's kubelet does (startContainer in kuberuntime): its
// config (environment, mounts) first, then the runtime; failures become the container's waiting
// reason with upstream's Events: image pulls back off (ErrImagePull, then ImagePullBackOff with
// `Back-off pulling image "x"`), config and create errors are retried on later syncs.
import type { Container, Pod } from '../api/index.js';
import { CreateContainerError, ImagePullError, type ContainerRecord, type MountConfig, type SandboxStatus } from './container-runtime.js';
import { containerConfig } from './container-config/container-config.js';
import { resolveEnv } from './container-config/env.js';
import { serviceEnv } from './container-config/service-env.js';
import type { PodObjects } from './container-config/pod-objects.js';
import type { Waiting } from './pod-status.js';
import type { PodSyncContext } from './pod-sync.js';

export interface StartFailure {
  waiting: Waiting;
  /** When it failed (ms since the epoch). */
  at: number;
  image: boolean;
}

export interface StartRequest {
  pod: Pod;
  sandbox: SandboxStatus;
  spec: Container;
  attempt: number;
  init: boolean;
  objects: PodObjects;
  mounts: MountConfig[];
  /** Add the service link variables (runtimes that run processes; the sim shows no environment). */
  serviceLinks: boolean;
}

export type StartResult = { started: ContainerRecord } | { waiting: Waiting; retryAt: number };

export function failureKey(pod: Pod, name: string): string {
  return `${pod.metadata?.uid}/${name}`;
}

/** A container still backing off a failed image pull: its waiting state and when to try again. */
export function imageBackOff(ctx: PodSyncContext, pod: Pod, spec: Container, now: number): { waiting: Waiting; retryAt: number } | undefined {
  const key = failureKey(pod, spec.name);
  const failure = ctx.startFailures.get(key);
  if (!failure?.image || !ctx.imageBackoff.inBackOffSince(key, failure.at, now)) return undefined;
  const message = `Back-off pulling image "${spec.image}"`;
  ctx.record(pod, 'Normal', 'BackOff', message);
  ctx.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
  return { waiting: { reason: 'ImagePullBackOff', message }, retryAt: failure.at + ctx.imageBackoff.current(key) };
}

export async function startContainer(ctx: PodSyncContext, request: StartRequest): Promise<StartResult> {
  const { pod, spec } = request;
  const key = failureKey(pod, spec.name);
  const now = ctx.clock.now();
  try {
    const env = await resolveEnv({
      pod,
      container: spec,
      objects: request.objects,
      addresses: { podIP: request.sandbox.ip, hostIP: ctx.hostIP },
      allocatable: ctx.allocatable,
      warn: (reason, message) => ctx.record(pod, 'Warning', reason, message),
      serviceEnv: request.serviceLinks ? await serviceEnv(ctx.client, pod) : undefined,
    });
    const config = containerConfig({ pod, spec, init: request.init, attempt: request.attempt, env, mounts: request.mounts });
    const started = await ctx.runtime.startContainer(request.sandbox.id, config);
    ctx.startFailures.delete(key);
    ctx.record(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`);
    ctx.record(pod, 'Normal', 'Created', `Created container: ${spec.name}`);
    for (const warning of started.warnings ?? []) ctx.record(pod, 'Warning', 'RuntimeWarning', warning);
    return { started };
  } catch (error) {
    if (error instanceof ImagePullError) {
      ctx.imageBackoff.next(key, now);
      ctx.startFailures.set(key, { waiting: { reason: error.reason, message: error.message }, at: now, image: true });
      if (error.reason === 'ErrImagePull') ctx.record(pod, 'Warning', 'Failed', `Failed to pull image "${spec.image}": ${error.message}`);
      else ctx.record(pod, 'Warning', error.reason === 'InvalidImageName' ? 'InspectFailed' : 'ErrImageNeverPull', error.message);
      ctx.record(pod, 'Warning', 'Failed', `Error: ${error.reason}`);
      return { waiting: { reason: error.reason, message: error.message }, retryAt: now + ctx.imageBackoff.current(key) };
    }
    if (error instanceof CreateContainerError) {
      ctx.startFailures.set(key, { waiting: { reason: error.reason, message: error.message }, at: now, image: false });
      ctx.record(pod, 'Warning', 'Failed', `Error: ${error.message}`);
      return { waiting: { reason: error.reason, message: error.message }, retryAt: now + ctx.startRetryMs };
    }
    throw error;
  }
}
