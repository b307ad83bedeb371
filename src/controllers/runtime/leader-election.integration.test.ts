// Two electors over a real Lease on the real API server (HTTPS, admin kubeconfig).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '../../api/index.js';
import { Client } from '../../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../../client/testing/real-api-server.js';
import { LeaderElector } from './leader-election.js';

let cluster: RealApiServer;

beforeAll(async () => {
  cluster = await startRealApiServer();
});

afterAll(async () => {
  await cluster?.stop();
});

describe('LeaderElector against the real API server', () => {
  it('elects one leader of two over a real Lease and hands over on release', async () => {
    const log: string[] = [];
    const clients: Client[] = [];
    const elector = (identity: string) => {
      const client = Client.fromKubeconfig({ path: cluster.kubeconfig });
      clients.push(client);
      return new LeaderElector({
        client,
        namespace: 'kube-system',
        name: 'client-it',
        identity,
        leaseDurationMs: 3000,
        renewDeadlineMs: 2000,
        retryPeriodMs: 100,
        onStartedLeading: () => log.push(`${identity} leads`),
        onStoppedLeading: () => log.push(`${identity} stops`),
      });
    };
    const a = elector('a');
    const b = elector('b');
    a.start();
    await eventually(() => a.isLeader(), 'a leads');
    b.start();
    await eventually(() => b.leader === 'a', 'b sees a');
    expect(b.isLeader()).toBe(false);
    await a.stop();
    await eventually(() => b.isLeader(), 'b leads');
    const lease = await clients[0].resource<Lease>('coordination.k8s.io/v1', 'leases').get('client-it', { namespace: 'kube-system' });
    expect(lease.spec).toMatchObject({ holderIdentity: 'b', leaseDurationSeconds: 3, leaseTransitions: 1 });
    await b.stop();
    expect(log).toEqual(['a leads', 'a stops', 'b leads', 'b stops']);
    for (const client of clients) client.close();
  });
});
