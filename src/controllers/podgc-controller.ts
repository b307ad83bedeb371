// Upstream's pod garbage collector (pkg/controller/podgc), run every 20 s and on node changes:
// - orphaned: pods bound to a node that no longer exists (confirmed with a GET, since the informer
//   may lag a new node) are marked Failed with DisruptionTarget/DeletionByPodGC and force-deleted;
// - terminating on out-of-service nodes: terminating pods on a node that is not Ready and carries
//   the `node.kubernetes.io/out-of-service` taint are marked Failed and force-deleted (what frees
//   pods evicted from a dead node, which its kubelet will never confirm);
// - terminated: past `terminatedPodThreshold` Succeeded/Failed pods, the oldest extra ones go.
// Force delete = gracePeriodSeconds 0 with the pod's uid as precondition.
import type { Node, Pod, PodCondition, PodStatus } from '../api/index.js';
import { isConflict, isNotFound, type Informer, type ResourceClient } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';

export const PODGC_KEY = 'podgc';
/** Upstream's gcCheckPeriod. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** Upstream's --terminated-pod-gc-threshold default. */
export const DEFAULT_TERMINATED_POD_THRESHOLD = 12_500;
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

export interface PodGcOptions {
  /** Terminated pods kept before the oldest are deleted; 0 turns that part off (as upstream). */
  terminatedPodThreshold?: number;
}

export function podGcController(options: PodGcOptions = {}): ControllerFactory {
  return (context) => new PodGc(context, options.terminatedPodThreshold ?? DEFAULT_TERMINATED_POD_THRESHOLD).controller();
}

export const podGcControllerFactory: ControllerFactory = podGcController();

const isTerminated = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isTerminating = (pod: Pod) => Boolean(pod.metadata?.deletionTimestamp);
const isNodeReady = (node: Node) => node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

/** Upstream's byEvictionAndCreationTimestamp: evicted (reason Evicted) pods first, then the oldest. */
export function compareForPodGc(a: Pod, b: Pod): number {
  const evicted = (pod: Pod) => (pod.status?.reason === 'Evicted' ? 0 : 1);
  if (evicted(a) !== evicted(b)) return evicted(a) - evicted(b);
  const created = (pod: Pod) => Date.parse(pod.metadata?.creationTimestamp ?? '') || 0;
  return created(a) - created(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

class PodGc {
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly nodeClient: ResourceClient<Node>;

  constructor(
    private readonly context: ControllerContext,
    private readonly terminatedPodThreshold: number,
  ) {
    this.pods = context.manager.informer<Pod>('v1', 'pods');
    this.nodes = context.manager.informer<Node>('v1', 'nodes');
    this.podClient = context.client.resource<Pod>('v1', 'pods');
    this.nodeClient = context.client.resource<Node>('v1', 'nodes');
  }

  controller(): Controller {
    return {
      name: 'podgc',
      // Node changes (deletion, taints, readiness) and pods that may need collecting start a pass
      // at once; after that, one every 20 s. Running pods on known nodes enqueue nothing.
      watches: [
        { informer: this.nodes, map: () => [PODGC_KEY] },
        { informer: this.pods, map: (pod: Pod) => (this.mayCollect(pod) ? [PODGC_KEY] : []) },
      ],
      reconcile: () => this.gc(),
    };
  }

  private mayCollect(pod: Pod): boolean {
    const nodeName = pod.spec?.nodeName;
    return isTerminating(pod) || isTerminated(pod) || (nodeName !== undefined && nodeName !== '' && this.nodes.cache.get(nodeName) === undefined);
  }

  private async gc(): Promise<ReconcileResult> {
    const pods = this.pods.cache.list();
    const failures: unknown[] = [];
    const attempt = async (work: Promise<void>) => work.catch((error: unknown) => void failures.push(error));
    if (this.terminatedPodThreshold > 0) await attempt(this.gcTerminated(pods));
    await attempt(this.gcTerminating(pods));
    await attempt(this.gcOrphaned(pods));
    if (failures.length > 0) throw failures[0];
    return requeueAfter(GC_CHECK_PERIOD_MS);
  }

  private async gcTerminated(pods: Pod[]): Promise<void> {
    const terminated = pods.filter((pod) => isTerminated(pod) && !isTerminating(pod));
    const extra = terminated.length - this.terminatedPodThreshold;
    if (extra <= 0) return;
    for (const pod of terminated.sort(compareForPodGc).slice(0, extra)) await this.markFailedAndDelete(pod);
  }

  private async gcTerminating(pods: Pod[]): Promise<void> {
    const candidates = pods.filter((pod) => {
      if (!isTerminating(pod) || !pod.spec?.nodeName) return false;
      const node = this.nodes.cache.get(pod.spec.nodeName);
      return node !== undefined && !isNodeReady(node) && (node.spec?.taints ?? []).some((taint) => taint.key === OUT_OF_SERVICE_TAINT);
    });
    for (const pod of candidates.sort(compareForPodGc)) await this.markFailedAndDelete(pod);
  }

  private async gcOrphaned(pods: Pod[]): Promise<void> {
    const missing = new Map<string, boolean>();
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName || this.nodes.cache.get(nodeName) !== undefined) continue;
      if (!missing.has(nodeName)) missing.set(nodeName, await this.nodeIsGone(nodeName));
      if (!missing.get(nodeName)) continue;
      await this.markFailedAndDelete(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
        lastTransitionTime: this.now(),
      });
    }
  }

  /** The informer may not have seen a node created a moment ago: ask the API server. */
  private async nodeIsGone(name: string): Promise<boolean> {
    try {
      await this.nodeClient.get(name);
      return false;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  }

  /** As upstream: a pod not yet terminal is first patched to Failed (with the condition), then force-deleted. */
  private async markFailedAndDelete(pod: Pod, condition?: PodCondition): Promise<void> {
    this.context.logger.info({ pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, node: pod.spec?.nodeName }, 'PodGC is force deleting Pod');
    if (!isTerminated(pod)) {
      const status: PodStatus = { ...pod.status, phase: 'Failed' };
      if (condition !== undefined) status.conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== condition.type), condition];
      try {
        await this.podClient.updateStatus({ ...pod, apiVersion: 'v1', kind: 'Pod', status });
      } catch (error) {
        // Gone, or changed since the cache saw it: the next pass looks again.
        if (isNotFound(error) || isConflict(error)) return;
        throw error;
      }
    }
    await this.forceDelete(pod);
  }

  private async forceDelete(pod: Pod): Promise<void> {
    try {
      await this.podClient.delete(pod.metadata?.name ?? '', {
        namespace: pod.metadata?.namespace,
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata?.uid },
      });
    } catch (error) {
      if (!isNotFound(error) && !isConflict(error)) throw error;
    }
  }

  private now(): string {
    return new Date(this.context.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }
}
