// The `kubernetes` service in the default namespace, as upstream's bootstrap controller keeps it:
// ClusterIP 10.96.0.1, port 443 (https) targeting the API server's port.
import { randomUUID } from 'node:crypto';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import { KUBERNETES_SERVICE_IP } from './handlers/service-allocation.js';
import { rfc3339 } from './handlers/object-meta.js';

export async function ensureKubernetesService(store: Store, apiServerPort: number, now: Date): Promise<void> {
  const key = '/registry/services/specs/default/kubernetes';
  if ((await store.get(key)).kv !== null) return;
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      uid: randomUUID(),
      creationTimestamp: rfc3339(now),
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: apiServerPort }],
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
  try {
    await store.create(key, JSON.stringify(service));
  } catch (error) {
    if (!isStoreError(error, 'AlreadyExists')) throw error;
  }
}
