import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../api/index.js';
import { FakeApi, FakeClock, settle } from '../../client/testing/index.js';
import { Manager } from './manager.js';

describe('Manager', () => {
  it('runs controllers only in the leading manager and moves them when the leader stops', async () => {
    const clock = new FakeClock();
    const api = new FakeApi(() => clock.now());
    const reconciled: string[] = [];
    const manager = (identity: string) => {
      const instance = new Manager({
        client: api.client(),
        clock,
        leaderElection: { namespace: 'kube-system', name: 'controllers', identity },
      });
      const informer = instance.informer<ConfigMap>('v1', 'configmaps');
      instance.add({ name: 'demo', watches: [{ informer }], reconcile: async (key) => void reconciled.push(`${identity} ${key}`) });
      return instance;
    };
    await api.client().resource<ConfigMap>('v1', 'configmaps').create({ metadata: { name: 'a' } });
    const first = manager('first');
    const second = manager('second');
    await first.start();
    await settle();
    await second.start();
    await settle();
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
    expect(reconciled).toEqual(['first default/a']);

    await api.client().resource<ConfigMap>('v1', 'configmaps').create({ metadata: { name: 'b' } });
    await settle();
    expect(reconciled).toEqual(['first default/a', 'first default/b']);

    await first.stop();
    await clock.advance(2000);
    expect(second.isLeader()).toBe(true);
    expect(reconciled.slice(2).sort()).toEqual(['second default/a', 'second default/b']);
    await second.stop();
  });

  it('fails start() naming the informers that did not sync in time', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const forbidden = { kind: 'Status' as const, apiVersion: 'v1' as const, metadata: {}, status: 'Failure' as const, code: 403, reason: 'Forbidden', message: 'secrets is forbidden' };
    for (let i = 0; i < 100; i++) api.failNext((request) => request.path.endsWith('/secrets'), forbidden);
    const errors: unknown[] = [];
    const manager = new Manager({ client: api.client(), clock, cacheSyncTimeoutMs: 10_000, onError: (error) => errors.push(error) });
    manager.informer('v1', 'configmaps');
    manager.informer('v1', 'secrets');
    const started = manager.start().catch((error: unknown) => error);
    await clock.advance(10_000);
    expect(String(await started)).toBe(
      'Error: informers did not sync within 10000 ms: v1/secrets (is the API server reachable, and may this identity list and watch them?)',
    );
    expect(errors.length).toBeGreaterThan(0);
    await manager.stop();
  });
});

