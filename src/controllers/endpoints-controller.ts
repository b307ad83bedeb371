// Upstream's Endpoints controller: for every Service with a selector, an Endpoints object of the
// same name listing the selected pods — ready ones in addresses, the others in
// notReadyAddresses — grouped into subsets by the ports they serve. Deleted with its Service.
import type { EndpointAddress, Endpoints, EndpointSubset, Pod, Service } from '../api/index.js';
import { isAlreadyExists, isConflict, isNotFound, splitKey } from '../client/index.js';
import type { ControllerContext } from './controller-context.js';
import { sameJson } from './job-controller.js';
import type { Controller } from './runtime/index.js';
import { HEADLESS_LABEL, hasSelector, isHeadless, PodServiceIndex, portsKey, serviceBackends, type ServiceBackend } from './service-backends.js';

function address(backend: ServiceBackend, service: Service): EndpointAddress {
  const pod = backend.pod;
  const hostname = pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name ? { hostname: pod.spec.hostname } : {};
  return {
    ip: backend.ip,
    ...hostname,
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
}

/** The subsets upstream would write (after RepackSubsets): one per distinct port set. */
export function endpointSubsets(service: Service, pods: Pod[]): EndpointSubset[] {
  const groups = new Map<string, EndpointSubset>();
  for (const backend of serviceBackends(service, pods)) {
    // Endpoints leave terminating pods out (EndpointSlices keep them, marked terminating).
    if (backend.terminating && service.spec?.publishNotReadyAddresses !== true) continue;
    if (backend.ports.length === 0 && (service.spec?.ports ?? []).length > 0) continue;
    const key = portsKey(backend.ports);
    const subset = groups.get(key) ?? { ports: backend.ports.length > 0 ? backend.ports : undefined };
    const list = backend.ready ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
    list.push(address(backend, service));
    groups.set(key, subset);
  }
  return [...groups.values()].map((subset) => JSON.parse(JSON.stringify(subset)) as EndpointSubset);
}

export function desiredEndpoints(service: Service, pods: Pod[]): Endpoints {
  const labels: Record<string, string> = { ...service.metadata?.labels };
  if (isHeadless(service)) labels[HEADLESS_LABEL] = '';
  const subsets = endpointSubsets(service, pods);
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: service.metadata?.name, namespace: service.metadata?.namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    ...(subsets.length > 0 ? { subsets } : {}),
  };
}

export function endpointsController({ manager, client }: ControllerContext, index: PodServiceIndex): Controller {
  const services = manager.informer<Service>('v1', 'services');
  const pods = manager.informer<Pod>('v1', 'pods');
  const endpoints = manager.informer<Endpoints>('v1', 'endpoints');
  const endpointsClient = client.resource<Endpoints>('v1', 'endpoints');
  return {
    name: 'endpoints',
    workers: 2,
    watches: [{ informer: services }, { informer: pods, map: (pod: Pod) => index.keysFor(pod) }],
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      const service = services.cache.get(key);
      const live = endpoints.cache.getByName(namespace, name);
      if (service === undefined) {
        index.record(key, []);
        // Upstream deletes the Endpoints of a deleted Service whoever wrote them.
        if (live !== undefined) await endpointsClient.delete(name, { namespace }).catch((error: unknown) => { if (!isNotFound(error)) throw error; });
        return;
      }
      if (!hasSelector(service)) return;
      const candidates = pods.cache.byIndex('namespace', namespace ?? '');
      const desired = desiredEndpoints(service, candidates);
      index.record(key, serviceBackends(service, candidates).map((b) => `${namespace}/${b.pod.metadata?.name}`));
      try {
        if (live === undefined) await endpointsClient.create(desired);
        else if (!sameJson(live.subsets ?? [], desired.subsets ?? []) || !sameJson(live.metadata?.labels ?? {}, desired.metadata?.labels ?? {})) {
          await endpointsClient.update({ ...live, metadata: { ...live.metadata, labels: desired.metadata?.labels }, subsets: desired.subsets });
        }
      } catch (error) {
        // A stale cache: the next event (or the retry) brings the fresh object.
        if (isAlreadyExists(error) || isConflict(error)) throw new Error(`endpoints ${key} changed meanwhile; retrying`, { cause: error });
        throw error;
      }
    },
  };
}
