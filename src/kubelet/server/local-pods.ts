// What the kubelet endpoint serves from: the pods of this process's nodes (many simulated nodes
// share one endpoint, so a request's namespace/pod picks the node). runKubelets provides it.
import type { Pod } from '../../api/index.js';
import type { Kubelet } from '../kubelet.js';

export interface LocalPods {
  findPod(namespace: string, name: string): { pod: Pod; kubelet: Kubelet } | undefined;
}

/** The pod's spec entry for a container (init containers included), or undefined. */
export function containerSpecOf(pod: Pod, container: string): { name: string } | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container);
}
