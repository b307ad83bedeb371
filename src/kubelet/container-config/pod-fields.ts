// Values of a pod's fields for env fieldRef and downwardAPI volumes, as upstream's
// podFieldSelectorRuntimeValue and fieldpath.ExtractFieldPathAsString.
import type { Pod } from '../../api/index.js';

export interface PodAddresses {
  podIP?: string;
  hostIP: string;
}

/** `key="value"` lines sorted by key, no final newline (upstream's fieldpath.FormatMap). */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map![key])}`)
    .join('\n');
}

/** The value of `fieldPath` for the pod; unsupported paths throw upstream's error. */
export function podFieldValue(pod: Pod, fieldPath: string, addresses: PodAddresses): string {
  const subscripted = /^(.+)\['(.*)'\]$/.exec(fieldPath);
  if (subscripted) {
    const [, path, key] = subscripted;
    if (path === 'metadata.annotations') return pod.metadata?.annotations?.[key] ?? '';
    if (path === 'metadata.labels') return pod.metadata?.labels?.[key] ?? '';
    throw new Error(`fieldPath "${fieldPath}" does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata?.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata?.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return addresses.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return addresses.podIP ?? '';
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}
