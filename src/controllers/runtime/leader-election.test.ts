import { describe, expect, it } from 'vitest';
import type { Lease } from '../../api/index.js';
import { Client, type Transport } from '../../client/index.js';
import { FakeApi, FakeClock, settle } from '../../client/testing/index.js';
import { LeaderElector, microTime } from './leader-election.js';

/** A candidate's own connection to the shared fake API, which the test can cut. */
function candidate(api: FakeApi, clock: FakeClock, identity: string, log: string[], extra: { releaseOnStop?: boolean } = {}) {
  const link = { down: false };
  const transport: Transport = {
    request: (request) => (link.down ? Promise.reject(new Error('connection refused')) : api.request(request)),
    stream: (request) => api.stream(request),
  };
  const elector = new LeaderElector({
    client: new Client(transport),
    namespace: 'kube-system',
    name: 'engenho-controllers',
    identity,
    clock,
    ...extra,
    onStartedLeading: () => log.push(`${clock.now() - clock0} ${identity} started leading`),
    onStoppedLeading: () => log.push(`${clock.now() - clock0} ${identity} stopped leading`),
    onNewLeader: (leader) => log.push(`${clock.now() - clock0} ${identity} sees ${leader}`),
  });
  return { elector, link };
}

let clock0 = 0;

async function lease(api: FakeApi): Promise<Lease> {
  return api.client().resource<Lease>('coordination.k8s.io/v1', 'leases').get('engenho-controllers', { namespace: 'kube-system' });
}

describe('LeaderElector', () => {
  it('one of two candidates leads; the other takes over once the leader stops renewing', async () => {
    const clock = new FakeClock();
    clock0 = clock.now();
    const api = new FakeApi(() => clock.now());
    const log: string[] = [];
    const a = candidate(api, clock, 'a', log, { releaseOnStop: false });
    const b = candidate(api, clock, 'b', log);
    a.elector.start();
    await settle();
    b.elector.start();
    await settle();
    expect(a.elector.isLeader()).toBe(true);
    expect(b.elector.isLeader()).toBe(false);
    expect((await lease(api)).spec).toEqual({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: microTime(clock0),
      renewTime: microTime(clock0),
      leaseTransitions: 0,
    });

    await clock.advance(10_000);
    expect((await lease(api)).spec?.renewTime).toBe(microTime(clock0 + 10_000));
    expect(b.elector.isLeader()).toBe(false);

    a.link.down = true;
    // b last saw the record change at 10 s (a's last renewal): it may take over from 25 s, at its next try.
    await clock.advance(15_999);
    expect(b.elector.isLeader()).toBe(false);
    await clock.advance(1);
    expect(b.elector.isLeader()).toBe(true);
    expect(log).toEqual(['0 a sees a', '0 a started leading', '0 b sees a', '20000 a stopped leading', '26000 b sees b', '26000 b started leading']);
    expect((await lease(api)).spec).toMatchObject({ holderIdentity: 'b', acquireTime: microTime(clock0 + 26_000), leaseTransitions: 1 });
    await a.elector.stop();
    await b.elector.stop();
  });

  it('hands the lease over at once when the leader stops and releases it', async () => {
    const clock = new FakeClock();
    clock0 = clock.now();
    const api = new FakeApi(() => clock.now());
    const log: string[] = [];
    const a = candidate(api, clock, 'a', log);
    const b = candidate(api, clock, 'b', log);
    a.elector.start();
    await settle();
    b.elector.start();
    await clock.advance(4_000);
    await a.elector.stop();
    expect((await lease(api)).spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    await clock.advance(2_000);
    expect(b.elector.isLeader()).toBe(true);
    expect(log).toEqual(['0 a sees a', '0 a started leading', '0 b sees a', '4000 a stopped leading', '6000 b sees b', '6000 b started leading']);
    expect((await lease(api)).spec?.leaseTransitions).toBe(1);
    await b.elector.stop();
  });

  it('lets only one of two racing candidates win a round (optimistic concurrency on resourceVersion)', async () => {
    const clock = new FakeClock();
    const api = new FakeApi(() => clock.now());
    const log: string[] = [];
    const a = candidate(api, clock, 'a', log);
    const b = candidate(api, clock, 'b', log);
    const leases = api.client().resource<Lease>('coordination.k8s.io/v1', 'leases');
    await leases.create({ metadata: { name: 'engenho-controllers', namespace: 'kube-system' }, spec: { holderIdentity: '', leaseTransitions: 3 } });
    const results = await Promise.all([a.elector.tryAcquireOrRenew(), b.elector.tryAcquireOrRenew()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await lease(api)).spec).toMatchObject({ holderIdentity: results[0] ? 'a' : 'b', leaseTransitions: 4 });
  });
});
