import { describe, expect, it } from 'vitest';
import type { ConfigMap, Pod, ReplicaSet } from '../../api/index.js';
import { FakeApi, FakeClock, settle } from '../../client/testing/index.js';
import { requeueAfter, TerminalError, type ReconcileResult } from './controller.js';
import { ControllerRunner } from './controller-runner.js';
import { controllerOwnerKey } from './key-mappers.js';
import { Manager } from './manager.js';
import { MetricsRegistry } from './metrics.js';
import { ItemExponentialRateLimiter } from './rate-limiter.js';

describe('ControllerRunner', () => {
  it('retries errors with per-key back-off, requeues after asked delays, gives up on terminal errors', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const manager = new Manager({ client: api.client(), clock });
    const informer = manager.informer<ConfigMap>('v1', 'configmaps');
    const plans: Record<string, (() => ReconcileResult)[]> = {
      'default/flaky': [() => { throw new Error('first'); }, () => { throw new Error('second'); }, () => undefined],
      'default/poll': [() => requeueAfter(1000), () => undefined],
      'default/bad': [() => { throw new TerminalError('cannot ever work'); }],
    };
    const calls: string[] = [];
    const metrics = new MetricsRegistry();
    const runner = new ControllerRunner(
      {
        name: 'demo',
        watches: [{ informer }],
        async reconcile(key) {
          calls.push(`${clock.now() - start} ${key}`);
          return plans[key]?.shift()?.();
        },
      },
      { clock, metrics },
    );
    const start = clock.now();
    await manager.start();
    runner.start();
    const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
    await configMaps.create({ metadata: { name: 'flaky' } });
    await configMaps.create({ metadata: { name: 'poll' } });
    await configMaps.create({ metadata: { name: 'bad' } });
    await settle();
    await clock.advance(2000);
    expect(calls).toEqual([
      '0 default/flaky',
      '0 default/poll',
      '0 default/bad',
      '5 default/flaky',
      '15 default/flaky',
      '1000 default/poll',
    ]);
    const text = metrics.render();
    expect(text).toContain('controller_runtime_reconcile_total{controller="demo",result="success"} 2\n');
    expect(text).toContain('controller_runtime_reconcile_total{controller="demo",result="error"} 3\n');
    expect(text).toContain('controller_runtime_reconcile_total{controller="demo",result="requeue_after"} 1\n');
    expect(text).toContain('controller_runtime_reconcile_errors_total{controller="demo"} 3\n');
    expect(text).toContain('controller_runtime_terminal_reconcile_errors_total{controller="demo"} 1\n');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_count{controller="demo"} 6\n');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_bucket{controller="demo",le="+Inf"} 6\n');
    expect(text).toContain('workqueue_depth{name="demo"} 0\n');
    await runner.stop();
    await manager.stop();
  });

  it('never reconciles one key concurrently, even with several workers', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const manager = new Manager({ client: api.client(), clock });
    const informer = manager.informer<ConfigMap>('v1', 'configmaps');
    let running = 0;
    let maxRunning = 0;
    const releases: (() => void)[] = [];
    const calls: string[] = [];
    const runner = new ControllerRunner(
      {
        name: 'serial',
        workers: 4,
        watches: [{ informer }],
        async reconcile(key) {
          calls.push(key);
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await new Promise<void>((resolve) => releases.push(resolve));
          running -= 1;
        },
      },
      { clock },
    );
    await manager.start();
    runner.start();
    const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
    await configMaps.create({ metadata: { name: 'a' } });
    await settle();
    await configMaps.patch('a', { data: { x: '1' } }, { type: 'merge' });
    await configMaps.patch('a', { data: { x: '2' } }, { type: 'merge' });
    await settle();
    expect(calls).toEqual(['default/a']);
    releases.shift()!();
    await settle();
    expect(calls).toEqual(['default/a', 'default/a']);
    releases.shift()!();
    await settle();
    expect(calls).toHaveLength(2);
    expect(maxRunning).toBe(1);
    await runner.stop();
    await manager.stop();
  });

  it('uses the rate limiter of the controller for retries', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const manager = new Manager({ client: api.client(), clock });
    const informer = manager.informer<ConfigMap>('v1', 'configmaps');
    const calls: number[] = [];
    const start = clock.now();
    const runner = new ControllerRunner(
      {
        name: 'slow-retry',
        watches: [{ informer }],
        rateLimiter: new ItemExponentialRateLimiter(1000, 4000),
        async reconcile() {
          calls.push(clock.now() - start);
          throw new Error('always');
        },
      },
      { clock },
    );
    await manager.start();
    runner.start();
    await api.client().resource<ConfigMap>('v1', 'configmaps').create({ metadata: { name: 'a' } });
    await settle();
    await clock.advance(12_000);
    expect(calls).toEqual([0, 1000, 3000, 7000, 11000]);
    await runner.stop();
    await manager.stop();
  });
});

describe('Manager', () => {
  it('shares informers, waits for sync, and maps owned objects to their controller owner', async () => {
    const api = new FakeApi();
    const client = api.client();
    const replicaSets = client.resource<ReplicaSet>('apps/v1', 'replicasets');
    const pods = client.resource<Pod>('v1', 'pods');
    const rs = await replicaSets.create({ metadata: { name: 'web' }, spec: { selector: {} } } as ReplicaSet);
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata!.uid!, controller: true };
    await pods.create({ metadata: { name: 'web-1', ownerReferences: [owner] }, spec: { containers: [] } });
    await pods.create({ metadata: { name: 'loner' }, spec: { containers: [] } });

    const manager = new Manager({ client, clock: new FakeClock() });
    const rsInformer = manager.informer<ReplicaSet>('apps/v1', 'replicasets');
    const podInformer = manager.informer<Pod>('v1', 'pods');
    expect(manager.informer<Pod>('v1', 'Pod')).toBe(podInformer);
    const keys: string[] = [];
    let sawSyncedCaches = false;
    manager.add({
      name: 'replicaset',
      watches: [{ informer: rsInformer }, { informer: podInformer, map: controllerOwnerKey({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }) }],
      async reconcile(key) {
        sawSyncedCaches ||= podInformer.cache.byIndex('ownerUid', rs.metadata!.uid!).length === 1;
        keys.push(key);
      },
    });
    await manager.start();
    expect(manager.hasSynced()).toBe(true);
    await settle();
    expect(keys).toEqual(['default/web']);
    expect(sawSyncedCaches).toBe(true);

    await pods.patch('web-1', { metadata: { labels: { touched: 'yes' } } }, { type: 'merge' });
    await settle();
    expect(keys).toEqual(['default/web', 'default/web']);
    await pods.patch('loner', { metadata: { labels: { touched: 'yes' } } }, { type: 'merge' });
    await settle();
    expect(keys).toEqual(['default/web', 'default/web']);
    await pods.delete('web-1');
    await settle();
    expect(keys).toEqual(['default/web', 'default/web', 'default/web']);
    await manager.stop();
    expect(api.openWatches).toBe(0);
  });
});
