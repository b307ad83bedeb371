// Upstream's EndpointSlice controller (simplified reconciler): for every Service with a selector,
// IPv4 EndpointSlices of at most 100 endpoints, one group per distinct port set, owned by the
// Service and labelled kubernetes.io/service-name + endpointslice.kubernetes.io/managed-by. A
// Service with no backends keeps one empty placeholder slice, as upstream.
import type { DiscoveryV1EndpointPort, Endpoint, EndpointSlice, Pod, Service } from '../api/index.js';
import { isNotFound, splitKey } from '../client/index.js';
import type { ControllerContext } from './controller-context.js';
import { sameJson } from './job-controller.js';
import { Expectations, type Controller } from './runtime/index.js';
import { HEADLESS_LABEL, hasSelector, isHeadless, PodServiceIndex, portsKey, serviceBackends, type ServiceBackend } from './service-backends.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceContent {
  endpoints: Endpoint[];
  ports?: DiscoveryV1EndpointPort[];
}

function endpointOf(backend: ServiceBackend, service: Service): Endpoint {
  const pod = backend.pod;
  const hostname = pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name ? { hostname: pod.spec.hostname } : {};
  return {
    addresses: [backend.ip],
    conditions: { ready: backend.ready && !backend.terminating, serving: backend.ready, terminating: backend.terminating },
    ...hostname,
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
}

/** The slices' contents for a service: grouped by port set, chunked by MAX_ENDPOINTS_PER_SLICE. */
export function desiredSliceContents(service: Service, pods: Pod[]): SliceContent[] {
  const groups = new Map<string, SliceContent>();
  for (const backend of serviceBackends(service, pods)) {
    if (backend.ports.length === 0 && (service.spec?.ports ?? []).length > 0) continue;
    const key = portsKey(backend.ports);
    const ports = backend.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
    const group = groups.get(key) ?? { endpoints: [], ports };
    group.endpoints.push(endpointOf(backend, service));
    groups.set(key, group);
  }
  const contents: SliceContent[] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) contents.push({ endpoints: group.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE), ports: group.ports });
  }
  return contents.length > 0 ? contents : [{ endpoints: [] }];
}

function slicePortsKey(ports: DiscoveryV1EndpointPort[] | undefined): string {
  return JSON.stringify([...(ports ?? [])].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0)));
}

/**
 * Which live slice each desired content reuses: first a slice serving the same ports (preferring one
 * that already holds the same endpoints), then any slice left over; the rest are extras to delete.
 * Pairing by position alone would rewrite slices into each other's ports and show clients a moment
 * where two slices serve the same ports.
 */
export function pairSlices(existing: EndpointSlice[], contents: SliceContent[]): { pairs: (EndpointSlice | undefined)[]; extras: EndpointSlice[] } {
  const unused = new Set(existing);
  const pairs: (EndpointSlice | undefined)[] = contents.map(() => undefined);
  const claim = (i: number, accept: (slice: EndpointSlice) => boolean) => {
    if (pairs[i] !== undefined) return;
    const found = [...unused].find(accept);
    if (found === undefined) return;
    pairs[i] = found;
    unused.delete(found);
  };
  contents.forEach((content, i) => claim(i, (s) => slicePortsKey(s.ports) === slicePortsKey(content.ports) && sameJson(s.endpoints ?? [], content.endpoints)));
  contents.forEach((content, i) => claim(i, (s) => slicePortsKey(s.ports) === slicePortsKey(content.ports)));
  contents.forEach((_, i) => claim(i, () => true));
  return { pairs, extras: [...unused] };
}

export function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata?.labels, [SERVICE_NAME_LABEL]: service.metadata?.name ?? '', [MANAGED_BY_LABEL]: MANAGED_BY };
  if (isHeadless(service)) labels[HEADLESS_LABEL] = '';
  return labels;
}

export function endpointSliceController({ manager, client, clock }: ControllerContext, index: PodServiceIndex): Controller {
  const services = manager.informer<Service>('v1', 'services');
  const pods = manager.informer<Pod>('v1', 'pods');
  const slices = manager.informer<EndpointSlice>('discovery.k8s.io/v1', 'endpointslices', { labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}` });
  const sliceClient = client.resource<EndpointSlice>('discovery.k8s.io/v1', 'endpointslices');
  const serviceKeyOf = (slice: EndpointSlice) => {
    const name = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    return name ? [`${slice.metadata?.namespace ?? ''}/${name}`] : [];
  };
  // Slices just created but not yet in the cache: never create them twice.
  const expectations = new Expectations({ clock });
  slices.addEventHandler({ onAdd: (slice) => serviceKeyOf(slice).forEach((key) => expectations.creationObserved(key)) });
  return {
    name: 'endpointslice',
    workers: 2,
    watches: [{ informer: services }, { informer: pods, map: (pod: Pod) => index.keysFor(pod) }, { informer: slices, map: serviceKeyOf }],
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      if (!expectations.satisfied(key)) return;
      const service = services.cache.get(key);
      const existing = slices.cache
        .byIndex('namespace', namespace ?? '')
        .filter((slice) => slice.metadata?.labels?.[SERVICE_NAME_LABEL] === name && !slice.metadata?.deletionTimestamp)
        .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
      const remove = async (slice: EndpointSlice) => {
        await sliceClient.delete(slice.metadata?.name ?? '', { namespace }).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      };
      if (service === undefined || !hasSelector(service)) {
        index.record(key, []);
        for (const slice of existing) await remove(slice);
        return;
      }
      const candidates = pods.cache.byIndex('namespace', namespace ?? '');
      index.record(key, serviceBackends(service, candidates).map((b) => `${namespace}/${b.pod.metadata?.name}`));
      const labels = sliceLabels(service);
      const contents = desiredSliceContents(service, candidates);
      const owner = { apiVersion: 'v1', kind: 'Service', name, uid: service.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
      const { pairs, extras } = pairSlices(existing, contents);
      for (let i = 0; i < contents.length; i++) {
        const content = contents[i]!;
        const live = pairs[i];
        if (live === undefined) {
          expectations.expectCreations(key, 1);
          await sliceClient.create({
            apiVersion: 'discovery.k8s.io/v1',
            kind: 'EndpointSlice',
            metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [owner] },
            addressType: 'IPv4',
            ...content,
          }).catch((error: unknown) => {
            expectations.creationObserved(key);
            throw error;
          });
        } else if (!sameJson(live.endpoints ?? [], content.endpoints) || !sameJson(live.ports ?? [], content.ports ?? []) || !sameJson(live.metadata?.labels ?? {}, labels)) {
          await sliceClient.update({ ...live, metadata: { ...live.metadata, labels }, endpoints: content.endpoints, ports: content.ports });
        }
      }
      for (const extra of extras) await remove(extra);
    },
  };
}
