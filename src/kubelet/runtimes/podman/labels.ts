// The labels and names that tie podman objects to Kubernetes pods (as dockershim and CRI-O label
// theirs), so a restarted kubelet finds what it started and nothing else.

export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_CONTAINER_ATTEMPT = 'io.kubernetes.container.attempt';
/** The node (kubelet) that owns the object: several kubelets may share one podman. */
export const LABEL_NODE = 'io.engenho.node';
export const LABEL_INIT = 'io.engenho.container.init';

export interface PodIdentity {
  uid: string;
  namespace: string;
  name: string;
}

export function podLabels(node: string, pod: PodIdentity): Record<string, string> {
  return { [LABEL_NODE]: node, [LABEL_POD_UID]: pod.uid, [LABEL_POD_NAMESPACE]: pod.namespace, [LABEL_POD_NAME]: pod.name };
}

/** `k8s_POD_<name>_<namespace>_<uid>`, as dockershim named sandboxes. */
export function podmanPodName(pod: PodIdentity): string {
  return `k8s_POD_${pod.name}_${pod.namespace}_${pod.uid}`;
}

/** `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`: one name per attempt, so a retried create conflicts instead of duplicating. */
export function podmanContainerName(pod: PodIdentity, container: string, attempt: number): string {
  return `k8s_${container}_${pod.name}_${pod.namespace}_${pod.uid}_${attempt}`;
}
