// What the kubelet endpoint serves from: the pods of this process's nodes (many simulated nodes
// share one endpoint, so a request's namespace/pod picks the node). runKubelets provides it.
import type { Pod } from '../../api/index.js';
import type { ContainerRuntime } from '../container-runtime.js';
import type { Kubelet } from '../kubelet.js';
import { RuntimeRouter } from '../runtimes/runtime-router.js';

export interface LocalPods {
  findPod(namespace: string, name: string): { pod: Pod; kubelet: Kubelet } | undefined;
}

/** The pod's spec entry for a container (init containers included), or undefined. */
export function containerSpecOf(pod: Pod, container: string): { name: string } | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container);
}

/**
 * The runtime that runs the pod's containers: behind a RuntimeRouter, the one its runtimeClassName
 * names (so a WASI pod on a podman node is refused exec up front, in that runtime's name).
 */
export function runtimeOfPod(kubelet: Kubelet, pod: Pod): ContainerRuntime {
  const runtime = kubelet.runtime;
  if (!(runtime instanceof RuntimeRouter)) return runtime;
  try {
    return runtime.runtimeFor(pod.spec?.runtimeClassName);
  } catch {
    return runtime;
  }
}
