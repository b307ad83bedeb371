import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../api/index.js';
import { FakeApi, FakeClock, settle } from '../../client/testing/index.js';
import { Manager } from './manager.js';

describe('Manager with leader election', () => {
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
});
