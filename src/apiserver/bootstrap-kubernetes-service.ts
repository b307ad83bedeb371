// The `kubernetes` service in the default namespace and its endpoints, as upstream's bootstrap
// controller and endpoint reconciler keep them: the service range's first address, port 443 (https) targeting the
// API server's address and port. Reconciled at every start (the port may change between runs).
import { randomUUID } from 'node:crypto';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import { rfc3339 } from './handlers/object-meta.js';

type Json = Record<string, unknown>;

/** Creates the object or replaces the parts this server owns when they differ. */
async function reconcile(store: Store, key: string, desired: Json, owned: string[]): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { kv } = await store.get(key);
    try {
      if (kv === null) {
        await store.create(key, JSON.stringify(desired));
        return;
      }
      const current = JSON.parse(kv.value) as Json;
      if (owned.every((field) => JSON.stringify(current[field]) === JSON.stringify(desired[field]))) return;
      const next = { ...current };
      for (const field of owned) next[field] = desired[field];
      await store.update(key, JSON.stringify(next), kv.modRevision);
      return;
    } catch (error) {
      if (!isStoreError(error, 'AlreadyExists') && !isStoreError(error, 'Conflict')) throw error;
    }
  }
}

export async function ensureKubernetesService(store: Store, clusterIP: string, address: string, apiServerPort: number, now: Date): Promise<void> {
  const metadata = (name: string, labels: Record<string, string>) => ({ name, namespace: 'default', uid: randomUUID(), creationTimestamp: rfc3339(now), labels });
  const ip = address === '0.0.0.0' || address === '::' || address === '' ? '127.0.0.1' : address;
  await reconcile(
    store,
    '/registry/services/specs/default/kubernetes',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('kubernetes', { component: 'apiserver', provider: 'kubernetes' }),
      spec: {
        ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: apiServerPort }],
        clusterIP,
        clusterIPs: [clusterIP],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    },
    ['spec'],
  );
  await reconcile(
    store,
    '/registry/services/endpoints/default/kubernetes',
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: metadata('kubernetes', { 'endpointslice.kubernetes.io/skip-mirror': 'true' }),
      subsets: [{ addresses: [{ ip }], ports: [{ name: 'https', port: apiServerPort, protocol: 'TCP' }] }],
    },
    ['subsets'],
  );
  await reconcile(
    store,
    '/registry/endpointslices/default/kubernetes',
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: metadata('kubernetes', { 'kubernetes.io/service-name': 'kubernetes' }),
      addressType: 'IPv4',
      endpoints: [{ addresses: [ip], conditions: { ready: true } }],
      ports: [{ name: 'https', port: apiServerPort, protocol: 'TCP' }],
    },
    ['endpoints', 'ports'],
  );
}
