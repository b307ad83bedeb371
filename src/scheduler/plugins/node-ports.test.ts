import { describe, expect, it } from 'vitest';
import type { ContainerPort } from '../../api/index.js';
import { HostPortSet } from '../host-ports.js';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterOf, filterNodes } from '../testing/plugin-harness.js';
import { nodePorts } from './node-ports.js';

const withPorts = (name: string, ports: ContainerPort[], nodeName?: string) =>
  makePod(name, { nodeName, containers: [{ name: 'c', image: 'i', ports }] });

describe('host port conflicts', () => {
  it('follow upstream: 0.0.0.0 clashes with any address, a specific address with itself and 0.0.0.0', () => {
    const used = new HostPortSet();
    used.add({ ip: '10.0.0.1', protocol: 'TCP', port: 80 });
    expect(used.conflicts({ ip: '10.0.0.1', protocol: 'TCP', port: 80 })).toBe(true);
    expect(used.conflicts({ ip: '10.0.0.2', protocol: 'TCP', port: 80 })).toBe(false);
    expect(used.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 80 })).toBe(true);
    expect(used.conflicts({ ip: '10.0.0.1', protocol: 'UDP', port: 80 })).toBe(false);
    used.add({ ip: '0.0.0.0', protocol: 'UDP', port: 53 });
    expect(used.conflicts({ ip: '10.0.0.9', protocol: 'UDP', port: 53 })).toBe(true);
    used.remove({ ip: '0.0.0.0', protocol: 'UDP', port: 53 });
    expect(used.conflicts({ ip: '10.0.0.9', protocol: 'UDP', port: 53 })).toBe(false);
  });
});

describe('NodePorts', () => {
  const cache = clusterOf(
    [makeNode('free'), makeNode('web'), makeNode('dns')],
    [withPorts('nginx', [{ containerPort: 80, hostPort: 8080 }], 'web'), withPorts('coredns', [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.5' }], 'dns')],
  );
  const conflict = "Unschedulable: node(s) didn't have free ports for the requested pod ports";

  it('rejects nodes where a requested host port is taken (default protocol TCP, default address 0.0.0.0)', () => {
    expect(filterNodes(nodePorts(), withPorts('p', [{ containerPort: 80, hostPort: 8080 }]), cache)).toEqual({ free: 'ok', web: conflict, dns: 'ok' });
    expect(filterNodes(nodePorts(), withPorts('p', [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }]), cache)).toEqual({ free: 'ok', web: 'ok', dns: 'ok' });
    expect(filterNodes(nodePorts(), withPorts('p', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }]), cache)).toEqual({ free: 'ok', web: 'ok', dns: conflict });
    expect(filterNodes(nodePorts(), withPorts('p', [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.6' }]), cache)).toEqual({ free: 'ok', web: 'ok', dns: 'ok' });
  });

  it('ignores container ports without a host port', () => {
    expect(filterNodes(nodePorts(), withPorts('p', [{ containerPort: 8080 }]), cache)).toEqual({ free: 'ok', web: 'ok', dns: 'ok' });
  });

  it('frees the port when the pod holding it goes', () => {
    cache.removePod(withPorts('nginx', [], 'web'));
    expect(filterNodes(nodePorts(), withPorts('p', [{ containerPort: 80, hostPort: 8080 }]), cache).web).toBe('ok');
  });
});
