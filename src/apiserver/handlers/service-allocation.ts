// What upstream's service REST storage allocates on create: a cluster IP from the service range
// (cluster.serviceCIDR; its first address is the `kubernetes` service's) and node ports (30000-32767)
// for NodePort and LoadBalancer services. Taken addresses are read from the stored services.
import { randomInt } from 'node:crypto';
import { fieldInvalid, invalid } from '../../machinery/index.js';
import type { Store } from '../../store/types.js';
import type { ServiceIpRange } from '../service-ip-range.js';
import type { KubeObject } from '../storage/resource-storage.js';

const NODE_PORTS = { first: 30000, last: 32767 };

interface Taken {
  ips: Set<string>;
  nodePorts: Set<number>;
}

async function taken(store: Store): Promise<Taken> {
  const { kvs } = await store.list('/registry/services/specs/');
  const result: Taken = { ips: new Set(), nodePorts: new Set() };
  for (const kv of kvs) {
    const spec = ((JSON.parse(kv.value) as KubeObject).spec ?? {}) as { clusterIPs?: string[]; clusterIP?: string; ports?: { nodePort?: number }[] };
    for (const ip of spec.clusterIPs ?? [spec.clusterIP ?? '']) if (ip) result.ips.add(ip);
    for (const port of spec.ports ?? []) if (typeof port.nodePort === 'number') result.nodePorts.add(port.nodePort);
  }
  return result;
}

function pickFree<T>(isFree: (candidate: T) => boolean, random: () => T, sequential: () => Iterable<T>): T | undefined {
  for (let i = 0; i < 32; i++) {
    const candidate = random();
    if (isFree(candidate)) return candidate;
  }
  for (const candidate of sequential()) if (isFree(candidate)) return candidate;
  return undefined;
}

export async function allocateServiceAddresses(store: Store, range: ServiceIpRange, service: KubeObject): Promise<void> {
  const spec = (service.spec ?? {}) as Record<string, unknown> & { ports?: Record<string, unknown>[] };
  if (spec.type === 'ExternalName') return;
  const used = await taken(store);
  const name = service.metadata.name ?? '';
  const fail = (field: string, value: unknown, detail: string) => {
    throw invalid('Service', name, [fieldInvalid(field, value, detail)]);
  };
  const requested = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  if (requested === 'None') {
    spec.clusterIPs = ['None'];
  } else if (requested !== '') {
    if (!range.contains(requested)) fail('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${range.cidr}`);
    if (used.ips.has(requested)) fail('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: provided IP is already allocated`);
    spec.clusterIPs = [requested];
  } else {
    const ip = pickFree(
      (candidate: string) => !used.ips.has(candidate) && candidate !== range.kubernetesServiceIP,
      () => range.ipAt(2 + randomInt(range.size - 3)),
      function* () {
        for (let n = 2; n < range.size - 1; n++) yield range.ipAt(n);
      },
    );
    if (ip === undefined) fail('spec.clusterIPs', [], 'failed to allocate a service IP: range is full');
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    (spec.ports ?? []).forEach((port, index) => {
      if (typeof port.nodePort === 'number' && port.nodePort !== 0) {
        if (port.nodePort < NODE_PORTS.first || port.nodePort > NODE_PORTS.last) fail(`spec.ports[${index}].nodePort`, port.nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767');
        if (used.nodePorts.has(port.nodePort)) fail(`spec.ports[${index}].nodePort`, port.nodePort, 'provided port is already allocated');
        used.nodePorts.add(port.nodePort);
        return;
      }
      const nodePort = pickFree(
        (candidate: number) => !used.nodePorts.has(candidate),
        () => NODE_PORTS.first + randomInt(NODE_PORTS.last - NODE_PORTS.first + 1),
        function* () {
          for (let p = NODE_PORTS.first; p <= NODE_PORTS.last; p++) yield p;
        },
      );
      if (nodePort === undefined) fail(`spec.ports[${index}].nodePort`, 0, 'failed to allocate a node port: range is full');
      port.nodePort = nodePort;
      used.nodePorts.add(nodePort!);
    });
  }
  service.spec = spec;
}
