// Which runtime runs a pod: with a RuntimeRouter, the one its runtimeClassName names. Its
// capabilities (runsProbes, mountsVolumes) decide whether the kubelet probes the pod, runs its
// lifecycle hooks and materialises its volumes.
import type { Pod } from '../api/index.js';
import type { ContainerRuntime } from './container-runtime.js';

/** The runtime that owns the pod's containers (a RuntimeRouter picks it by runtimeClassName): its capabilities decide probes and volumes. */
export function podRuntime(runtime: ContainerRuntime, pod: Pod): ContainerRuntime {
  const router = runtime as ContainerRuntime & { runtimeFor?: (className: string | undefined) => ContainerRuntime };
  return router.runtimeFor ? router.runtimeFor(pod.spec?.runtimeClassName) : runtime;
}
