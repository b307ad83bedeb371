import { describe, expect, it } from 'vitest';
import type { CoreV1Event, Pod } from '../api/index.js';
import { FakeApi, FakeClock } from './testing/index.js';
import { EventRecorder, EventRecorderCache } from './event-recorder.js';

const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', resourceVersion: '7' }, spec: { containers: [] } };

describe('EventRecorder', () => {
  it('creates an Event, then bumps count and lastTimestamp for the same object, reason and message', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const api = new FakeApi(() => clock.now());
    const recorder = new EventRecorder({ client: api.client(), component: 'demo-controller', host: 'node-a', clock });
    await recorder.warning(pod, 'BackOff', 'Back-off restarting failed container');
    await clock.advance(5000);
    await recorder.warning(pod, 'BackOff', 'Back-off restarting failed container');
    await recorder.warning(pod, 'BackOff', 'Back-off restarting failed container');
    await recorder.normal(pod, 'Pulled', 'Container image pulled', { action: 'Pulling', related: { kind: 'Node', name: 'node-a' } });
    const events = (await api.client().resource<CoreV1Event>('v1', 'events').list({ namespace: 'shop' })).items;
    expect(events).toHaveLength(2);
    const backOff = events.find((event) => event.reason === 'BackOff');
    expect(backOff).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'shop' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'u-1', resourceVersion: '7' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      source: { component: 'demo-controller', host: 'node-a' },
      count: 3,
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:05Z',
    });
    expect(backOff?.metadata?.name).toMatch(/^web-1\.[0-9a-f]+$/);
    expect(events.find((event) => event.reason === 'Pulled')).toMatchObject({ type: 'Normal', count: 1, action: 'Pulling', related: { kind: 'Node', name: 'node-a' } });
    const writes = api.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.headers?.['content-type']}`);
    expect(writes).toEqual(['POST application/json', 'PATCH application/strategic-merge-patch+json', 'PATCH application/strategic-merge-patch+json', 'POST application/json']);
  });

  it('serialises concurrent repeats, recreates a vanished Event, and reports failures instead of throwing', async () => {
    const clock = new FakeClock();
    const api = new FakeApi(() => clock.now());
    const errors: unknown[] = [];
    const recorder = new EventRecorder({ client: api.client(), component: 'c', clock, onError: (error) => errors.push(error) });
    await Promise.all([recorder.normal(pod, 'Synced', 'ok'), recorder.normal(pod, 'Synced', 'ok'), recorder.normal(pod, 'Synced', 'ok')]);
    const events = api.client().resource<CoreV1Event>('v1', 'events');
    const [only] = (await events.list({ namespace: 'shop' })).items;
    expect(only.count).toBe(3);
    await events.delete(only.metadata!.name!, { namespace: 'shop' });
    await recorder.normal(pod, 'Synced', 'ok');
    expect((await events.list({ namespace: 'shop' })).items.map((event) => event.count)).toEqual([4]);

    api.failNext(() => true, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403, reason: 'Forbidden', message: 'no events for you' });
    await recorder.normal(pod, 'Other', 'x');
    expect(errors).toMatchObject([{ code: 403 }]);
  });

  it('drops events past 25 per object and reason, then lets one through per 5 minutes (client-go spam filter)', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const api = new FakeApi(() => clock.now());
    const recorder = new EventRecorder({ client: api.client(), component: 'replicaset-controller', clock });
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'shop', uid: 'rs-1' } };
    for (let i = 0; i < 30; i++) await recorder.normal(rs, 'SuccessfulCreate', `Created pod: web-1-${i}`);
    await recorder.warning(rs, 'FailedCreate', 'quota exceeded');
    await recorder.normal(pod, 'SuccessfulCreate', 'another object has its own bucket');
    const events = api.client().resource<CoreV1Event>('v1', 'events');
    const created = async () => (await events.list({ namespace: 'shop' })).items.filter((event) => event.reason === 'SuccessfulCreate' && event.involvedObject?.kind === 'ReplicaSet');
    expect((await created()).map((event) => event.message)).toEqual(Array.from({ length: 25 }, (_, i) => `Created pod: web-1-${i}`));
    expect((await events.list({ namespace: 'shop' })).items.filter((event) => event.reason !== 'SuccessfulCreate' || event.involvedObject?.kind !== 'ReplicaSet')).toHaveLength(2);

    await clock.advance(299_000);
    await recorder.normal(rs, 'SuccessfulCreate', 'Created pod: web-1-too-early');
    await clock.advance(1_000);
    await recorder.normal(rs, 'SuccessfulCreate', 'Created pod: web-1-after-refill');
    await recorder.normal(rs, 'SuccessfulCreate', 'Created pod: web-1-dropped-again');
    expect((await created()).map((event) => event.message).slice(25)).toEqual(['Created pod: web-1-after-refill']);
  });

  it('puts events of cluster-scoped objects in the default namespace', async () => {
    const api = new FakeApi();
    const recorder = new EventRecorder({ client: api.client(), component: 'c', clock: new FakeClock() });
    await recorder.normal({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', uid: 'n' } }, 'Ready', 'node is ready');
    expect((await api.client().resource<CoreV1Event>('v1', 'events').list({ namespace: 'default' })).items).toHaveLength(1);
  });

  it('gives different events of the same object in the same instant different names', async () => {
    const api = new FakeApi();
    const recorder = new EventRecorder({ client: api.client(), component: 'c', clock: new FakeClock() });
    await Promise.all([recorder.normal(pod, 'Scheduled', 'one'), recorder.normal(pod, 'Pulling', 'two'), recorder.warning(pod, 'Failed', 'three')]);
    const events = (await api.client().resource<CoreV1Event>('v1', 'events').list({ namespace: 'shop' })).items;
    expect(events.map((event) => event.reason).sort()).toEqual(['Failed', 'Pulling', 'Scheduled']);
    expect(new Set(events.map((event) => event.metadata?.name)).size).toBe(3);
  });
});


describe('EventRecorderCache shared by the recorders of one process', () => {
  it('keeps each source apart and holds no more than its size in all', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const api = new FakeApi(() => clock.now());
    const cache = new EventRecorderCache(4);
    const nodeA = new EventRecorder({ client: api.client(), component: 'kubelet', host: 'node-a', clock, cache });
    const nodeB = new EventRecorder({ client: api.client(), component: 'kubelet', host: 'node-b', clock, cache });
    await nodeA.normal(pod, 'Started', 'Started container app');
    await nodeB.normal(pod, 'Started', 'Started container app');
    await nodeA.normal(pod, 'Started', 'Started container app');
    const events = (await api.client().resource<CoreV1Event>('v1', 'events').list({ namespace: 'shop' })).items;
    expect(events.map((event) => [event.source?.host, event.count]).sort()).toEqual([['node-a', 2], ['node-b', 1]]);
    for (let i = 0; i < 10; i++) await nodeB.normal(pod, `Reason${i}`, 'x');
    expect(cache.seen.size).toBe(4);
    expect(cache.buckets.size).toBe(4);
  });
});
