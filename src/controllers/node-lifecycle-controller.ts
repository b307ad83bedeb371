// The node lifecycle controller: a node whose Lease (kube-node-lease) has not been renewed within
// the grace period gets its conditions set to Unknown and the unreachable taints; a node reporting
// Ready=False gets the not-ready taints; both go when the node is healthy again. Pods on a node with
// a NoExecute taint are deleted at once unless they tolerate it, then after their tolerationSeconds
// (upstream's taint eviction manager).
import type { Lease, Node, NodeCondition, Pod, Taint, Toleration } from '../api/index.js';
import { isNotFound, type Informer, type ResourceClient } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';

export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const UNKNOWN_REASON = 'NodeStatusUnknown';
const UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';

export interface NodeLifecycleOptions {
  nodeMonitorGracePeriodMs?: number;
}

export function nodeLifecycleControllerWith(options: NodeLifecycleOptions = {}): ControllerFactory {
  return (context) => new NodeLifecycleController(context, options.nodeMonitorGracePeriodMs ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS).controller();
}

export const nodeLifecycleController: ControllerFactory = nodeLifecycleControllerWith();

const rfc3339 = (at: number): string => new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');

class NodeLifecycleController {
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly pods: Informer<Pod>;
  private readonly nodeClient: ResourceClient<Node>;
  private readonly podClient: ResourceClient<Pod>;

  constructor(
    private readonly context: ControllerContext,
    private readonly gracePeriodMs: number,
  ) {
    this.nodes = context.manager.informer<Node>('v1', 'nodes');
    this.leases = context.manager.informer<Lease>('coordination.k8s.io/v1', 'leases', { namespace: NODE_LEASE_NAMESPACE });
    this.pods = context.manager.informer<Pod>('v1', 'pods');
    this.nodeClient = context.client.resource<Node>('v1', 'nodes');
    this.podClient = context.client.resource<Pod>('v1', 'pods');
  }

  controller(): Controller {
    return {
      name: 'nodelifecycle',
      watches: [
        { informer: this.nodes },
        { informer: this.leases, map: (lease: Lease) => [lease.metadata?.name ?? ''] },
        { informer: this.pods, map: (pod: Pod) => this.nodeToEvictFrom(pod) },
      ],
      reconcile: (key) => this.reconcile(key),
    };
  }

  /**
   * A pod matters to its node only while the node has a NoExecute taint (the pod may have to be
   * evicted); every other pod event would reconcile the node for nothing.
   */
  private nodeToEvictFrom(pod: Pod): string[] {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return [];
    const taints = this.nodes.cache.get(nodeName)?.spec?.taints;
    return taints?.some((taint) => taint.effect === 'NoExecute') ? [nodeName] : [];
  }

  private async reconcile(name: string): Promise<ReconcileResult> {
    let node = this.nodes.cache.get(name);
    if (node === undefined) return;
    const now = this.context.clock.now();
    const lastProbe = this.lastProbe(node);
    const stale = now - lastProbe > this.gracePeriodMs;
    if (stale) node = await this.markUnknown(node, now);
    const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
    const wanted = stale ? UNREACHABLE_TAINT : ready?.status === 'False' ? NOT_READY_TAINT : undefined;
    node = await this.setTaints(node, wanted, now);
    const evictionWait = await this.evictPods(node, now);
    const untilStale = stale ? undefined : lastProbe + this.gracePeriodMs + 1 - now;
    const waits = [untilStale, evictionWait].filter((wait): wait is number => wait !== undefined);
    return waits.length === 0 ? undefined : requeueAfter(Math.max(1, Math.min(...waits)));
  }

  /** The latest sign of life: the lease's renewTime or the Ready condition's heartbeat (else the node's creation). */
  private lastProbe(node: Node): number {
    const lease = this.leases.cache.get(`${NODE_LEASE_NAMESPACE}/${node.metadata?.name}`);
    const heartbeat = node.status?.conditions?.find((condition) => condition.type === 'Ready')?.lastHeartbeatTime;
    const times = [lease?.spec?.renewTime, heartbeat, node.metadata?.creationTimestamp].map(parseTime).filter((time) => !Number.isNaN(time));
    return times.length === 0 ? this.context.clock.now() : Math.max(...times);
  }

  private async markUnknown(node: Node, now: number): Promise<Node> {
    const conditions = node.status?.conditions ?? [];
    if (conditions.length > 0 && conditions.every((condition) => condition.status === 'Unknown' && condition.reason === UNKNOWN_REASON)) return node;
    const unknown = (condition: NodeCondition): NodeCondition => ({
      ...condition,
      status: 'Unknown',
      reason: UNKNOWN_REASON,
      message: UNKNOWN_MESSAGE,
      lastTransitionTime: condition.status === 'Unknown' ? condition.lastTransitionTime : rfc3339(now),
    });
    const updated = conditions.length > 0 ? conditions.map(unknown) : [unknown({ type: 'Ready', status: 'Unknown' })];
    const result = await this.nodeClient.updateStatus({ ...node, apiVersion: 'v1', kind: 'Node', status: { ...node.status, conditions: updated } });
    void this.context.recorder.normal({ ...node, apiVersion: 'v1', kind: 'Node' }, 'NodeNotReady', `Node ${node.metadata?.name} status is now: NodeNotReady`);
    return result;
  }

  /** Keeps exactly the wanted lifecycle taint (NoSchedule and NoExecute), leaving other taints alone. */
  private async setTaints(node: Node, wanted: string | undefined, now: number): Promise<Node> {
    const taints = node.spec?.taints ?? [];
    const others = taints.filter((taint) => taint.key !== UNREACHABLE_TAINT && taint.key !== NOT_READY_TAINT);
    const lifecycle: Taint[] =
      wanted === undefined
        ? []
        : (['NoSchedule', 'NoExecute'] as const).map(
            (effect) =>
              taints.find((taint) => taint.key === wanted && taint.effect === effect) ?? {
                key: wanted,
                effect,
                ...(effect === 'NoExecute' ? { timeAdded: rfc3339(now) } : {}),
              },
          );
    const next = [...others, ...lifecycle];
    if (JSON.stringify(next) === JSON.stringify(taints)) return node;
    const spec = { ...node.spec };
    if (next.length > 0) spec.taints = next;
    else delete spec.taints;
    return this.nodeClient.update({ ...node, apiVersion: 'v1', kind: 'Node', spec });
  }

  /** Deletes the pods the node's NoExecute taints are due for; returns how long until the next one is. */
  private async evictPods(node: Node, now: number): Promise<number | undefined> {
    const taints = (node.spec?.taints ?? []).filter((taint) => taint.effect === 'NoExecute');
    if (taints.length === 0) return undefined;
    let nextWait: number | undefined;
    const pods = this.pods.cache.byIndex('nodeName', node.metadata?.name ?? '').filter((pod) => !pod.metadata?.deletionTimestamp);
    for (const pod of pods) {
      const due = evictionTime(pod, taints);
      if (due === undefined) continue;
      if (due > now) {
        nextWait = nextWait === undefined ? due - now : Math.min(nextWait, due - now);
        continue;
      }
      try {
        await this.podClient.delete(pod.metadata?.name ?? '', { namespace: pod.metadata?.namespace, preconditions: { uid: pod.metadata?.uid } });
        void this.context.recorder.normal({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata?.namespace}/${pod.metadata?.name}`);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return nextWait;
  }
}

function parseTime(value: string | undefined): number {
  return value === undefined ? Number.NaN : Date.parse(value);
}

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return toleration.key === undefined || toleration.key === '' || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * When the pod must go: now if a taint is not tolerated, else the earliest end of the shortest
 * tolerationSeconds among the taints (undefined: tolerated for ever).
 */
export function evictionTime(pod: Pod, taints: Taint[]): number | undefined {
  let due: number | undefined;
  for (const taint of taints) {
    const matching = (pod.spec?.tolerations ?? []).filter((toleration) => tolerates(toleration, taint));
    if (matching.length === 0) return Number.NEGATIVE_INFINITY;
    const seconds = matching.map((toleration) => toleration.tolerationSeconds).filter((value): value is number => value !== undefined && value !== null);
    if (seconds.length === 0) continue;
    const shortest = Math.max(0, Math.min(...seconds));
    const added = parseTime(taint.timeAdded);
    const at = (Number.isNaN(added) ? 0 : added) + shortest * 1000;
    due = due === undefined ? at : Math.min(due, at);
  }
  return due;
}
