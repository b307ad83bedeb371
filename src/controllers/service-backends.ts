// What the Endpoints and EndpointSlice controllers share: which pods back a Service (selector
// match, an IP, not finished), whether each is ready, and its ports with targetPort resolved by
// number or by the pod's named container port (upstream's podutil.FindPort).
import type { CoreV1EndpointPort, Pod, Service } from '../api/index.js';

export interface ServiceBackend {
  pod: Pod;
  ip: string;
  ready: boolean;
  terminating: boolean;
  /** The service's ports this pod serves (a named targetPort the pod lacks is left out). */
  ports: CoreV1EndpointPort[];
}

/** Services managed by the endpoint controllers: a non-empty selector, not ExternalName. */
export function hasSelector(service: Service): boolean {
  return service.spec?.type !== 'ExternalName' && Object.keys(service.spec?.selector ?? {}).length > 0;
}

export function selectsPod(service: Service, pod: Pod): boolean {
  if (!hasSelector(service) || pod.metadata?.namespace !== service.metadata?.namespace) return false;
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(service.spec?.selector ?? {}).every(([key, value]) => labels[key] === value);
}

export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function resolvePort(pod: Pod, targetPort: number | string | undefined, port: number, protocol: string): number | undefined {
  if (targetPort === undefined || targetPort === '' || targetPort === 0) return port;
  if (typeof targetPort === 'number') return targetPort;
  if (/^\d+$/.test(targetPort)) return Number(targetPort);
  for (const container of pod.spec?.containers ?? []) {
    for (const containerPort of container.ports ?? []) {
      if (containerPort.name === targetPort && (containerPort.protocol ?? 'TCP') === protocol) return containerPort.containerPort;
    }
  }
  return undefined;
}

export function servicePortsFor(service: Service, pod: Pod): CoreV1EndpointPort[] {
  const ports: CoreV1EndpointPort[] = [];
  for (const servicePort of service.spec?.ports ?? []) {
    const protocol = servicePort.protocol ?? 'TCP';
    const port = resolvePort(pod, servicePort.targetPort, servicePort.port, protocol);
    if (port === undefined) continue;
    ports.push({ ...(servicePort.name ? { name: servicePort.name } : {}), port, protocol, ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}) });
  }
  return ports;
}

/** The pods backing a service, sorted by IP then name (stable output, no churn). */
export function serviceBackends(service: Service, pods: Pod[]): ServiceBackend[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const backends: ServiceBackend[] = [];
  for (const pod of pods) {
    if (!selectsPod(service, pod)) continue;
    const ip = pod.status?.podIP;
    const phase = pod.status?.phase;
    if (!ip || phase === 'Succeeded' || phase === 'Failed') continue;
    backends.push({ pod, ip, ready: publishNotReady || isPodReady(pod), terminating: !!pod.metadata?.deletionTimestamp, ports: servicePortsFor(service, pod) });
  }
  return backends.sort((a, b) => compareIps(a.ip, b.ip) || (a.pod.metadata?.name ?? '').localeCompare(b.pod.metadata?.name ?? ''));
}

function compareIps(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.localeCompare(b);
}

export function portsKey(ports: CoreV1EndpointPort[]): string {
  return JSON.stringify([...ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port));
}

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

export function isHeadless(service: Service): boolean {
  return service.spec?.clusterIP === 'None';
}

/**
 * Maps a pod to the keys of the services selecting it now, plus those it was last counted in
 * (so a pod whose labels changed leaves its old services too).
 */
export class PodServiceIndex {
  private readonly lastSeen = new Map<string, Set<string>>();

  constructor(private readonly servicesIn: (namespace: string) => Service[]) {}

  keysFor(pod: Pod): string[] {
    const namespace = pod.metadata?.namespace ?? '';
    const podKey = `${namespace}/${pod.metadata?.name ?? ''}`;
    const keys = new Set(this.lastSeen.get(podKey) ?? []);
    for (const service of this.servicesIn(namespace)) if (selectsPod(service, pod)) keys.add(`${namespace}/${service.metadata?.name ?? ''}`);
    return [...keys];
  }

  /** Records which pods a service counted in its last reconcile. */
  record(serviceKey: string, podKeys: string[]): void {
    for (const [podKey, services] of this.lastSeen) {
      if (!services.delete(serviceKey)) continue;
      if (services.size === 0) this.lastSeen.delete(podKey);
    }
    for (const podKey of podKeys) {
      const services = this.lastSeen.get(podKey) ?? new Set<string>();
      services.add(serviceKey);
      this.lastSeen.set(podKey, services);
    }
  }
}
