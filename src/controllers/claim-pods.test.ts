import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { ObjectCache, defaultIndexers, type IndexFunc } from '../client/index.js';
import { claimCandidates, ORPHAN_INDEX, orphanIndexer } from './claim-pods.js';

function pod(name: string, namespace: string, owners: { uid: string; controller?: boolean }[] = []): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      ownerReferences: owners.map((owner) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${owner.uid}`, uid: owner.uid, controller: owner.controller })),
    },
  };
}

describe('claimCandidates', () => {
  it('gives the pods referencing the owner and the orphans of its namespace, each once, never pods of other controllers', () => {
    const cache = new ObjectCache<Pod>({ ...(defaultIndexers as Record<string, IndexFunc<Pod>>), [ORPHAN_INDEX]: orphanIndexer });
    const pods = [
      pod('mine', 'apps', [{ uid: 'a', controller: true }]),
      pod('other-controller', 'apps', [{ uid: 'b', controller: true }]),
      pod('orphan', 'apps'),
      pod('orphan-elsewhere', 'other'),
      pod('referenced-not-controlled', 'apps', [{ uid: 'a' }]),
    ];
    cache.replace(pods);
    const owner = { metadata: { name: 'rs-a', namespace: 'apps', uid: 'a' } };
    expect(claimCandidates(cache, owner).map((p) => p.metadata?.name).sort()).toEqual(['mine', 'orphan', 'referenced-not-controlled']);
  });
});
