// The node's heartbeat: a coordination.k8s.io/v1 Lease named after the node in kube-node-lease,
// held by the node, owned by the Node object (so it goes with it), renewed every 10 s (a quarter of
// its 40 s duration, as upstream).
import type { Lease, Node } from '../api/index.js';
import { isAlreadyExists, isConflict, isNotFound, type Client } from '../client/index.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

export function microTime(at: number): string {
  return new Date(at).toISOString().replace('Z', '000Z');
}

export class NodeLease {
  private last?: Lease;

  constructor(
    private readonly client: Client,
    private readonly node: () => Node | undefined,
    private readonly nodeName: string,
  ) {}

  private desired(now: number, base?: Lease): Lease {
    const node = this.node();
    return {
      ...(base ?? { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }),
      metadata: {
        ...(base?.metadata ?? { name: this.nodeName, namespace: NODE_LEASE_NAMESPACE }),
        ...(node?.metadata?.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata.uid }] } : {}),
      },
      spec: { ...base?.spec, holderIdentity: this.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) },
    };
  }

  /** Creates or renews the lease; returns the stored object. */
  async renew(now: number): Promise<Lease> {
    const leases = this.client.resource<Lease>('coordination.k8s.io/v1', 'leases');
    for (let attempt = 0; ; attempt++) {
      try {
        if (!this.last) {
          try {
            this.last = await leases.create(this.desired(now), { namespace: NODE_LEASE_NAMESPACE });
            return this.last;
          } catch (error) {
            if (!isAlreadyExists(error)) throw error;
            this.last = await leases.get(this.nodeName, { namespace: NODE_LEASE_NAMESPACE });
          }
        }
        this.last = await leases.update(this.desired(now, this.last), { namespace: NODE_LEASE_NAMESPACE });
        return this.last;
      } catch (error) {
        this.last = undefined;
        if (!(isConflict(error) || isNotFound(error)) || attempt >= 4) throw error;
      }
    }
  }
}
