import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease, Node } from '../api/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;

beforeAll(async () => {
  h = await startKubeletHarness({ count: 2 });
});
afterAll(async () => {
  await h?.stop();
});

describe('node registration and lease', () => {
  it('registers each node with labels, capacity, conditions, addresses, nodeInfo and pod CIDR', async () => {
    const node = await h.client.resource<Node>('v1', 'nodes').get('engenho-node-1');
    const time = '2026-01-01T00:00:00Z';
    const condition = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      lastHeartbeatTime: time,
      lastTransitionTime: time,
      reason,
      message,
    });
    expect(node.metadata?.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'engenho-node-1',
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'engenho-sim',
    });
    expect(node.spec).toEqual({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    const { nodeInfo, ...status } = node.status!;
    expect(status).toEqual({
      capacity: { cpu: '4', 'ephemeral-storage': '102400Mi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '4', 'ephemeral-storage': '94371840Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16284Mi', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.3' },
        { type: 'Hostname', address: 'engenho-node-1' },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    });
    expect(nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.0',
      kubeProxyVersion: 'v1.32.0',
      containerRuntimeVersion: 'sim://1.0.0',
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    const first = await h.client.resource<Node>('v1', 'nodes').get('engenho-node-0');
    expect(first.spec?.podCIDR).toBe('10.244.0.0/24');
    expect(first.status?.addresses?.[0]).toEqual({ type: 'InternalIP', address: '172.18.0.2' });
  });

  it('holds a Lease in kube-node-lease owned by the Node and renews it every 10 s', async () => {
    const leases = h.client.resource<Lease>('coordination.k8s.io/v1', 'leases');
    const node = await h.client.resource<Node>('v1', 'nodes').get('engenho-node-0');
    const lease = await leases.get('engenho-node-0', { namespace: 'kube-node-lease' });
    expect(lease.spec).toEqual({ holderIdentity: 'engenho-node-0', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' });
    expect(lease.metadata?.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'engenho-node-0', uid: node.metadata?.uid }]);

    await h.advance(9_999);
    expect((await leases.get('engenho-node-0', { namespace: 'kube-node-lease' })).spec?.renewTime).toBe('2026-01-01T00:00:00.000000Z');
    await h.advance(1);
    await eventually(
      async () => (await leases.get('engenho-node-0', { namespace: 'kube-node-lease' })).spec?.renewTime === '2026-01-01T00:00:10.000000Z',
      'the lease renewed at 10 s',
    );
    await h.advance(10_000);
    await eventually(
      async () => (await leases.get('engenho-node-1', { namespace: 'kube-node-lease' })).spec?.renewTime === '2026-01-01T00:00:20.000000Z',
      'the second node renewed at 20 s',
    );
  });

  it('reports the node status again after 5 minutes with a new heartbeat and the same transition times', async () => {
    await h.advance(300_000 - 20_000);
    const nodes = h.client.resource<Node>('v1', 'nodes');
    await eventually(async () => (await nodes.get('engenho-node-0')).status?.conditions?.[3].lastHeartbeatTime === '2026-01-01T00:05:00Z', 'a new heartbeat');
    const ready = (await nodes.get('engenho-node-0')).status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ lastHeartbeatTime: '2026-01-01T00:05:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' });
  });
});
