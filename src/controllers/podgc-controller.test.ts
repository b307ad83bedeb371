// The pod garbage collector against a real API server: orphaned pods, terminating pods on
// out-of-service nodes, and terminated pods past the threshold, with the exact writes it makes.
import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Pod } from '../api/index.js';
import type { WatchEvent } from '../client/index.js';
import { compareForPodGc, podGcController } from './podgc-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let h: ControllerHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const start = async (terminatedPodThreshold = 0) => {
  h = await startControllerHarness({ podgc: podGcController({ terminatedPodThreshold }) });
  return h;
};

function pod(name: string, nodeName?: string, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...extra },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(nodeName ? { nodeName } : {}) },
  };
}

function node(name: string, ready: boolean, taints: NonNullable<Node['spec']>['taints'] = []): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: { taints },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'KubeletReady' : 'KubeletNotReady' }] },
  };
}

/** Creates the node and sets its status (create ignores status). */
async function createNode(harness: ControllerHarness, object: Node): Promise<void> {
  const nodes = harness.client.resource<Node>('v1', 'nodes');
  const created = await nodes.create(object);
  await nodes.updateStatus({ ...created, status: object.status });
}

/** Records each pod's events (type, phase, conditions) from a watch opened before the test acts. */
async function recordPodEvents(harness: ControllerHarness) {
  const stream = await harness.client.resource<Pod>('v1', 'pods').watch({ namespace: 'default' });
  const events: { type: string; name: string; phase?: string; conditions?: unknown }[] = [];
  void (async () => {
    for await (const event of stream as AsyncIterable<WatchEvent<Pod>>) {
      events.push({ type: event.type, name: event.object.metadata?.name ?? '', phase: event.object.status?.phase, conditions: event.object.status?.conditions });
    }
  })().catch(() => {});
  return { events, close: () => stream.close() };
}

const exists = async (harness: ControllerHarness, name: string) =>
  (await harness.client.resource<Pod>('v1', 'pods').list({ namespace: 'default' })).items.some((p) => p.metadata?.name === name);

describe('pod garbage collector', () => {
  it('marks a pod bound to a node that does not exist Failed (DisruptionTarget) and force-deletes it; pods on existing nodes stay', async () => {
    const harness = await start();
    const recorder = await recordPodEvents(harness);
    await createNode(harness, node('alive', true));
    const pods = harness.client.resource<Pod>('v1', 'pods');
    await pods.create(pod('kept', 'alive'));
    await pods.create(pod('orphan', 'gone-node'));
    await eventually(() => recorder.events.some((e) => e.type === 'DELETED' && e.name === 'orphan'), 'orphan deleted');
    recorder.close();
    const orphanEvents = recorder.events.filter((e) => e.name === 'orphan');
    expect(orphanEvents.map((e) => [e.type, e.phase])).toEqual([
      ['ADDED', 'Pending'],
      ['MODIFIED', 'Failed'],
      ['DELETED', 'Failed'],
    ]);
    expect(orphanEvents[1].conditions).toEqual([
      expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }),
    ]);
    expect(await exists(harness, 'kept')).toBe(true);
  });

  it('force-deletes terminating pods only on a NotReady node with the out-of-service taint', async () => {
    const harness = await start();
    await createNode(harness, node('dead-tainted', false, [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }]));
    await createNode(harness, node('dead-untainted', false));
    await createNode(harness, node('ready-tainted', true, [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }]));
    const pods = harness.client.resource<Pod>('v1', 'pods');
    const recorder = await recordPodEvents(harness);
    for (const [name, nodeName] of [['on-ready-tainted', 'ready-tainted'], ['on-dead-untainted', 'dead-untainted'], ['on-dead-tainted', 'dead-tainted']]) {
      await pods.create(pod(name, nodeName));
      // Bound pods wait for their kubelet: the deletion only sets deletionTimestamp.
      await pods.delete(name, { namespace: 'default', gracePeriodSeconds: 30 });
    }
    await eventually(() => recorder.events.some((e) => e.type === 'DELETED' && e.name === 'on-dead-tainted'), 'pod on the out-of-service node deleted');
    recorder.close();
    expect(recorder.events.filter((e) => e.name === 'on-dead-tainted').map((e) => [e.type, e.phase])).toEqual([
      ['ADDED', 'Pending'],
      ['MODIFIED', 'Pending'],
      ['MODIFIED', 'Failed'],
      ['DELETED', 'Failed'],
    ]);
    // The same pass saw the other two (created before) and left them terminating.
    const left = (await pods.list({ namespace: 'default' })).items;
    expect(left.map((p) => [p.metadata?.name, Boolean(p.metadata?.deletionTimestamp), p.status?.phase]).sort()).toEqual([
      ['on-dead-untainted', true, 'Pending'],
      ['on-ready-tainted', true, 'Pending'],
    ]);
  });

  it('deletes the terminated pods past the threshold, evicted first then the oldest', async () => {
    const harness = await start(2);
    const pods = harness.client.resource<Pod>('v1', 'pods');
    const finish = async (name: string, phase: 'Succeeded' | 'Failed', reason?: string) => {
      const created = await pods.create(pod(name));
      await pods.updateStatus({ ...created, status: { phase, ...(reason ? { reason } : {}) } });
    };
    await pods.create(pod('running-unbound'));
    await finish('a-done', 'Succeeded');
    await finish('b-done', 'Succeeded');
    await finish('c-failed', 'Failed');
    await finish('d-evicted', 'Failed', 'Evicted');
    await eventually(async () => (await pods.list({ namespace: 'default' })).items.length === 3, 'two terminated pods deleted');
    const left = (await pods.list({ namespace: 'default' })).items.map((p) => p.metadata?.name).sort();
    expect(left).toEqual(['b-done', 'c-failed', 'running-unbound']);
  });
});

describe('compareForPodGc', () => {
  it('orders evicted pods first, then by creation time, then by name', () => {
    const at = (name: string, creationTimestamp: string, reason?: string): Pod => ({ metadata: { name, creationTimestamp }, status: { phase: 'Failed', reason } });
    const sorted = [at('new', '2026-01-02T00:00:00Z'), at('evicted', '2026-01-03T00:00:00Z', 'Evicted'), at('old-b', '2026-01-01T00:00:00Z'), at('old-a', '2026-01-01T00:00:00Z')].sort(compareForPodGc);
    expect(sorted.map((p) => p.metadata?.name)).toEqual(['evicted', 'old-a', 'old-b', 'new']);
  });
});
