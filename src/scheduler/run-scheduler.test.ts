// The wiring against the real API server (in-process, HTTPS on a random port, memory store):
// informers in, pods/binding, pods/status and Events out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Event, Node, Pod } from '../api/index.js';
import { startTestServer, type TestServer } from '../apiserver/testing/test-server.js';
import { Client, Informer, type KubeObject } from '../client/index.js';
import { runScheduler, type RunningScheduler } from './run-scheduler.js';
import { makeNode, makePod } from './testing/builders.js';

let server: TestServer;
let client: Client;
let running: RunningScheduler;

async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function createNode(node: Node): Promise<void> {
  const nodes = client.resource<Node>('v1', 'nodes');
  const created = await nodes.create(node);
  await nodes.updateStatus({ ...created, status: node.status });
}

beforeAll(async () => {
  server = await startTestServer();
  client = Client.fromConnection({
    server: `https://127.0.0.1:${server.port}`,
    ca: server.ca,
    insecureSkipTlsVerify: false,
    auth: { type: 'clientCertificate', cert: server.admin.cert, key: server.admin.key },
    namespace: 'default',
    contextName: 'test',
  });
  await createNode(makeNode('tainted', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }));
  await createNode(makeNode('small-1', { cpu: '2' }));
  await createNode(makeNode('small-2', { cpu: '2' }));
  running = runScheduler({ client, backoff: { initialMs: 50, maxMs: 200 } });
  await running.ready;
});

afterAll(async () => {
  await running?.stop();
  client?.close();
  await server?.close();
});

describe('runScheduler against the API server', () => {
  const pods = () => client.resource<Pod>('v1', 'pods');
  const eventsFor = async (name: string) =>
    (await client.resource<CoreV1Event>('v1', 'events').list({ namespace: 'default' })).items.filter((e) => e.involvedObject.name === name);

  it('binds a pod through pods/binding and records a Scheduled event', async () => {
    await pods().create(makePod('small', { requests: { cpu: '1' }, uid: undefined }));
    const bound = await eventually(async () => {
      const pod = await pods().get('small');
      return pod.spec?.nodeName ? pod : undefined;
    }, 'the pod to be bound');
    expect(['small-1', 'small-2']).toContain(bound.spec?.nodeName);
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    const events = await eventually(async () => {
      const found = await eventsFor('small');
      return found.length > 0 ? found : undefined;
    }, 'the Scheduled event');
    expect(events.map((e) => [e.type, e.reason, e.message, e.source?.component])).toEqual([
      ['Normal', 'Scheduled', `Successfully assigned default/small to ${bound.spec?.nodeName}`, 'default-scheduler'],
    ]);
  });

  it('marks a pod that fits nowhere PodScheduled=False with the upstream message, then binds it when a node fits', async () => {
    await pods().create(makePod('big', { requests: { cpu: '3' }, uid: undefined }));
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    const condition = await eventually(async () => {
      const pod = await pods().get('big');
      return pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    }, 'PodScheduled=False');
    expect({ reason: condition.reason, message: condition.message }).toEqual({ reason: 'Unschedulable', message });
    const failed = await eventually(async () => {
      const found = (await eventsFor('big')).filter((e) => e.reason === 'FailedScheduling');
      return found.length > 0 ? found : undefined;
    }, 'the FailedScheduling event');
    expect(failed[0]).toMatchObject({ type: 'Warning', message, involvedObject: { kind: 'Pod', name: 'big', namespace: 'default' } });

    await createNode(makeNode('large', { cpu: '16' }));
    const bound = await eventually(async () => {
      const pod = await pods().get('big');
      return pod.spec?.nodeName ? pod : undefined;
    }, 'the pod to be bound after the new node');
    expect(bound.spec?.nodeName).toBe('large');
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'True' });
  });

  it('uses shared informers when given, without starting or stopping them', async () => {
    const created: string[] = [];
    const shared = new Map<string, Informer<KubeObject>>();
    const sharedInformers = {
      informer<T extends KubeObject>(apiVersion: string, plural: string): Informer<T> {
        created.push(`${apiVersion}/${plural}`);
        const informer = new Informer<KubeObject>(client.resource<KubeObject>(apiVersion, plural));
        informer.start();
        shared.set(plural, informer);
        return informer as unknown as Informer<T>;
      },
    };
    const second = runScheduler({ client, schedulerName: 'shared-scheduler', sharedInformers });
    await second.ready;
    expect(created).toEqual(['v1/pods', 'v1/nodes', 'v1/namespaces']);
    await pods().create({ ...makePod('shared', { requests: { cpu: '1' }, uid: undefined }), spec: { ...makePod('shared').spec!, schedulerName: 'shared-scheduler' } });
    const bound = await eventually(async () => {
      const pod = await pods().get('shared');
      return pod.spec?.nodeName ? pod : undefined;
    }, 'the pod bound by the scheduler on shared informers');
    expect(['small-1', 'small-2', 'large']).toContain(bound.spec?.nodeName);
    const expected = [
      'scheduler_pending_pods{queue="active"} 0',
      'scheduler_pending_pods{queue="backoff"} 0',
      'scheduler_pending_pods{queue="unschedulable"} 0',
      'scheduler_schedule_attempts_total{profile="shared-scheduler",result="scheduled"} 1',
      'scheduler_schedule_attempts_total{profile="shared-scheduler",result="unschedulable"} 0',
      'scheduler_schedule_attempts_total{profile="shared-scheduler",result="error"} 0',
      'scheduler_bindings_in_flight 0',
    ];
    await eventually(async () => (second.metrics().includes('scheduler_bindings_in_flight 0') ? true : undefined), 'the binding to be answered');
    expect(second.metrics().split('\n').filter((line) => !line.startsWith('#') && line !== '')).toEqual(expected);
    expect(second.metrics()).toContain('# TYPE scheduler_pending_pods gauge\n');
    await second.stop();
    // Still the owner's: they keep watching after the scheduler stopped.
    await pods().create(makePod('after-stop', { uid: undefined }));
    await eventually(async () => shared.get('pods')!.cache.getByName('default', 'after-stop'), 'the shared pod informer to see a new pod');
    await Promise.all([...shared.values()].map((informer) => informer.stop()));
  });
});
