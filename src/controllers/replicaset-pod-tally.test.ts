import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { ReplicaSetPodTally, type TallyBasis } from './replicaset-pod-tally.js';

const basis: TallyBasis = { selector: { matchLabels: { app: 'web' } }, templateLabels: { app: 'web', tier: 'front' } };

function pod(name: string, options: { owner?: string; kind?: string; labels?: Record<string, string>; ready?: boolean; phase?: string; deleting?: boolean } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'ns',
      labels: options.labels ?? { app: 'web', tier: 'front' },
      ...(options.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: options.kind ?? 'ReplicaSet', name: 'rs', uid: options.owner, controller: true }] } : {}),
      ...(options.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [] },
    status: { phase: options.phase ?? 'Running', conditions: [{ type: 'Ready', status: options.ready ? 'True' : 'False' }] },
  };
}

describe('ReplicaSetPodTally', () => {
  it('counts active, ready and fully labeled pods and strays as a walk over the pods would, through adds, updates and deletes', () => {
    const tally = new ReplicaSetPodTally();
    tally.observe(undefined, pod('a', { owner: 'u1', ready: true }));
    tally.observe(undefined, pod('b', { owner: 'u1' }));
    tally.observe(undefined, pod('c', { owner: 'u1', labels: { app: 'web' }, ready: true }));
    tally.observe(undefined, pod('d', { owner: 'u2', ready: true }));
    tally.observe(undefined, pod('e'));
    tally.observe(undefined, pod('f', { owner: 'u1', kind: 'Job', ready: true }));
    expect(tally.counts('u1', basis)).toEqual({ active: 3, ready: 2, fullyLabeled: 2, strays: 0 });

    tally.observe(pod('b', { owner: 'u1' }), pod('b', { owner: 'u1', ready: true }));
    expect(tally.counts('u1', basis)).toEqual({ active: 3, ready: 3, fullyLabeled: 2, strays: 0 });
    // Labels that stop matching make a stray; a finished pod and a deleting one are not active.
    tally.observe(pod('c', { owner: 'u1', labels: { app: 'web' }, ready: true }), pod('c', { owner: 'u1', labels: { app: 'other' } }));
    tally.observe(pod('a', { owner: 'u1', ready: true }), pod('a', { owner: 'u1', ready: true, phase: 'Succeeded' }));
    tally.observe(pod('b', { owner: 'u1', ready: true }), pod('b', { owner: 'u1', ready: true, deleting: true }));
    expect(tally.counts('u1', basis)).toEqual({ active: 0, ready: 0, fullyLabeled: 0, strays: 1 });

    // Released to no owner, then adopted by another ReplicaSet.
    tally.observe(pod('c', { owner: 'u1', labels: { app: 'other' } }), pod('c', { labels: { app: 'other' } }));
    tally.observe(pod('e'), pod('e', { owner: 'u1', ready: true }));
    expect(tally.counts('u1', basis)).toEqual({ active: 1, ready: 1, fullyLabeled: 1, strays: 0 });
    expect(tally.activePods('u1').map((entry) => entry.metadata?.name)).toEqual(['e']);

    // A selector or template change judges every pod again.
    expect(tally.counts('u1', { selector: { matchLabels: { app: 'web' } }, templateLabels: { app: 'web', tier: 'back' } })).toEqual({ active: 1, ready: 1, fullyLabeled: 0, strays: 0 });
    expect(tally.counts('u1', { selector: { matchLabels: { app: 'nope' } }, templateLabels: {} })).toEqual({ active: 0, ready: 0, fullyLabeled: 0, strays: 2 });

    for (const name of ['a', 'b', 'e']) tally.observe(pod(name, { owner: 'u1' }), undefined);
    expect(tally.counts('u1', basis)).toEqual({ active: 0, ready: 0, fullyLabeled: 0, strays: 0 });
    tally.observe(pod('d', { owner: 'u2' }), undefined);
    expect(tally.size).toBe(0);
  });

  it('agrees with a walk over the pods after a long random sequence of events', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const tally = new ReplicaSetPodTally();
    const pods = new Map<string, Pod>();
    const owners = ['u1', 'u2', undefined];
    for (let step = 0; step < 3000; step++) {
      const name = `p${random(40)}`;
      const previous = pods.get(name);
      if (previous !== undefined && random(5) === 0) {
        pods.delete(name);
        tally.observe(previous, undefined);
        continue;
      }
      const next = pod(name, { owner: owners[random(3)], labels: random(4) === 0 ? { app: 'other' } : random(3) === 0 ? { app: 'web' } : { app: 'web', tier: 'front' }, ready: random(2) === 0, phase: random(6) === 0 ? 'Failed' : 'Running', deleting: random(8) === 0 });
      pods.set(name, next);
      tally.observe(previous, next);
      if (step % 100 === 0) tally.counts('u1', basis);
    }
    const controlled = [...pods.values()].filter((entry) => entry.metadata?.ownerReferences?.[0]?.uid === 'u1');
    const matching = controlled.filter((entry) => entry.metadata?.labels?.app === 'web');
    const active = matching.filter((entry) => entry.status?.phase !== 'Failed' && !entry.metadata?.deletionTimestamp);
    expect(tally.counts('u1', basis)).toEqual({
      active: active.length,
      ready: active.filter((entry) => entry.status?.conditions?.[0]?.status === 'True').length,
      fullyLabeled: active.filter((entry) => entry.metadata?.labels?.tier === 'front').length,
      strays: controlled.filter((entry) => entry.metadata?.labels?.app !== 'web' && !entry.metadata?.deletionTimestamp).length,
    });
    expect(tally.activePods('u1').map((entry) => entry.metadata?.name).sort()).toEqual(active.map((entry) => entry.metadata?.name).sort());
  });
});
