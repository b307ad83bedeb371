// Service link variables as upstream's kubelet injects them (getServiceEnvVarMap + envvars.FromServices):
// the `kubernetes` Service of the default namespace always, and with enableServiceLinks (default
// true) every Service of the pod's namespace that has a ClusterIP, by name: FOO_SERVICE_HOST,
// FOO_SERVICE_PORT(_<NAME>), and the Docker-link FOO_PORT, FOO_PORT_80_TCP(_PROTO|_PORT|_ADDR).
import type { Pod, Service } from '../../api/index.js';
import { isNotFound, type Client } from '../../client/index.js';

function envName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function serviceVariables(services: Service[]): [string, string][] {
  const out: [string, string][] = [];
  for (const service of services) {
    const ip = service.spec?.clusterIP;
    const ports = service.spec?.ports ?? [];
    if (!ip || ip === 'None' || ports.length === 0) continue;
    const prefix = envName(service.metadata?.name ?? '');
    out.push([`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(ports[0].port)]);
    for (const port of ports) if (port.name) out.push([`${prefix}_SERVICE_PORT_${envName(port.name)}`, String(port.port)]);
    ports.forEach((port, index) => {
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const url = `${protocol}://${hostPort(ip, port.port)}`;
      if (index === 0) out.push([`${prefix}_PORT`, url]);
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
      out.push([portPrefix, url], [`${portPrefix}_PROTO`, protocol], [`${portPrefix}_PORT`, String(port.port)], [`${portPrefix}_ADDR`, ip]);
    });
  }
  return out;
}

/** The service link variables for a pod, in upstream's order (services sorted by name). */
export async function serviceEnv(client: Client, pod: Pod): Promise<Map<string, string>> {
  const services = client.resource<Service>('v1', 'services');
  const byName = new Map<string, Service>();
  const namespace = pod.metadata?.namespace ?? '';
  const links = pod.spec?.enableServiceLinks !== false;
  if (namespace !== 'default' || !links) {
    try {
      byName.set('kubernetes', await services.get('kubernetes', { namespace: 'default' }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  // A Service of the pod's own namespace wins over the default namespace's `kubernetes`, as upstream.
  if (links) for (const service of (await services.list({ namespace })).items) byName.set(service.metadata?.name ?? '', service);
  const sorted = [...byName.keys()].sort().map((name) => byName.get(name)!);
  return new Map(serviceVariables(sorted));
}
