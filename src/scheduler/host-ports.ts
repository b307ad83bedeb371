// Host ports in use on a node, with upstream's conflict rule: 0.0.0.0 (or no hostIP) clashes with
// every address on the same protocol and port; a specific address clashes with itself and 0.0.0.0.
import type { Pod } from '../api/index.js';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

const anyAddress = '0.0.0.0';

/** The host ports a pod asks for (app containers and restartable init containers). */
export function podHostPorts(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      if (port.hostPort === undefined || port.hostPort <= 0) continue;
      ports.push({ ip: port.hostIP || anyAddress, protocol: port.protocol || 'TCP', port: port.hostPort });
    }
  }
  return ports;
}

/** A multiset of used ports, keyed "protocol/port" then by address. */
export class HostPortSet {
  private readonly used = new Map<string, Map<string, number>>();

  add(port: HostPort): void {
    const key = `${port.protocol}/${port.port}`;
    let addresses = this.used.get(key);
    if (addresses === undefined) {
      addresses = new Map();
      this.used.set(key, addresses);
    }
    addresses.set(port.ip, (addresses.get(port.ip) ?? 0) + 1);
  }

  remove(port: HostPort): void {
    const key = `${port.protocol}/${port.port}`;
    const addresses = this.used.get(key);
    const count = addresses?.get(port.ip);
    if (addresses === undefined || count === undefined) return;
    if (count > 1) addresses.set(port.ip, count - 1);
    else addresses.delete(port.ip);
    if (addresses.size === 0) this.used.delete(key);
  }

  get size(): number {
    return this.used.size;
  }

  conflicts(port: HostPort): boolean {
    const addresses = this.used.get(`${port.protocol}/${port.port}`);
    if (addresses === undefined) return false;
    if (port.ip === anyAddress) return addresses.size > 0;
    return addresses.has(port.ip) || addresses.has(anyAddress);
  }
}
