// Where pods/exec, pods/attach and pods/portforward go on the pod's kubelet, as upstream's
// ExecLocation / AttachLocation / PortForwardLocation: the container must be named unless the pod
// has one, must be the pod's, and the pod must be on a node. The kubelet's query uses upstream's
// names (input/output/error/tty=1, command per argument, port per port).
import { badRequest } from '../../machinery/index.js';
import type { KubeObject } from '../storage/resource-storage.js';

export type PodStreamKind = 'exec' | 'attach' | 'portforward';

export interface PodStreamLocation {
  nodeName: string;
  /** Path and query on the kubelet's endpoint. */
  path: string;
}

interface PodSpecNames {
  nodeName?: string;
  containers?: { name: string }[];
  initContainers?: { name: string }[];
  ephemeralContainers?: { name: string }[];
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

function chooseContainer(spec: PodSpecNames, name: string, requested: string): string {
  const names = (list?: { name: string }[]) => (list ?? []).map((c) => c.name);
  if (requested === '') {
    const containers = names(spec.containers);
    if (containers.length === 1) return containers[0];
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    const init = names(spec.initContainers);
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]` +
        (init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : ''),
    );
  }
  const all = [...names(spec.containers), ...names(spec.initContainers), ...names(spec.ephemeralContainers)];
  if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

export function podStreamLocation(kind: PodStreamKind, pod: KubeObject, query: URLSearchParams): PodStreamLocation {
  const name = String(pod.metadata.name ?? '');
  const namespace = String(pod.metadata.namespace ?? '');
  const spec = (pod.spec ?? {}) as PodSpecNames;
  const container = kind === 'portforward' ? '' : chooseContainer(spec, name, query.get('container') ?? '');
  if (spec.nodeName === undefined || spec.nodeName === '') throw badRequest(`pod ${name} does not have a host assigned`);
  const params = new URLSearchParams();
  let path: string;
  if (kind === 'portforward') {
    for (const port of query.getAll('ports').flatMap((p) => p.split(','))) if (port !== '') params.append('port', port);
    path = `/portForward/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  } else {
    for (const [param, kubeletParam] of [['stdin', 'input'], ['stdout', 'output'], ['stderr', 'error'], ['tty', 'tty']] as const) {
      if (TRUE.has(query.get(param) ?? '')) params.set(kubeletParam, '1');
    }
    if (kind === 'exec') for (const argument of query.getAll('command')) params.append('command', argument);
    path = `/${kind}/${[namespace, name, container].map(encodeURIComponent).join('/')}`;
  }
  const text = params.toString();
  return { nodeName: spec.nodeName, path: text === '' ? path : `${path}?${text}` };
}
