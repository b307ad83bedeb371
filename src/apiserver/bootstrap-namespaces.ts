// default, kube-system, kube-public and kube-node-lease exist from the start, Active (created when missing).
import { randomUUID } from 'node:crypto';
import { isStoreError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import { SYSTEM_NAMESPACES } from './admission/index.js';
import { rfc3339 } from './handlers/object-meta.js';

export async function ensureSystemNamespaces(store: Store, now: Date): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    const key = `/registry/namespaces/${name}`;
    const { kv } = await store.get(key);
    if (kv !== null) continue;
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, uid: randomUUID(), creationTimestamp: rfc3339(now), labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
    try {
      await store.create(key, JSON.stringify(namespace));
    } catch (error) {
      if (!isStoreError(error, 'AlreadyExists')) throw error;
    }
  }
}
