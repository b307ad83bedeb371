// Many simulated nodes in one process: ONE pod informer for all of them (its `nodeName` index gives
// each node its pods; the process's shared one when given), each node with its own client
// identity, Node, Lease and runtime. Also the NodeConnector the API server calls for pods/log.
import { join } from 'node:path';
import type { Pod } from '../api/index.js';
import { dropManagedFields, EventRecorderCache, Informer, type Client, type Clock } from '../client/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import { Kubelet, type KubeletLogger, type KubeletOptions, type SimSettings } from './kubelet.js';
import { podLogs, type PodLogRequest } from './pod-logs.js';

export interface RunKubeletsOptions {
  /** The client of the shared pod informer (and of every node unless `clientForNode` is given). */
  client: Client;
  /**
   * A pod informer to use instead of the nodes' own (e.g. the controllers' shared one), so the
   * process keeps one copy of every pod; its owner starts and stops it.
   */
  pods?: Informer<Pod>;
  /** Each node's own client, e.g. as user system:node:<name> in group system:nodes. */
  clientForNode?: (nodeName: string) => Client;
  count: number;
  /** Node names are prefix + index (default `engenho-node-`). */
  namePrefix?: string;
  clock?: Clock;
  logger?: KubeletLogger;
  sim?: SimSettings;
  /** Each node's runtime (default: a sim runtime per node, made by the Kubelet). */
  runtimeForNode?: (nodeName: string, index: number) => ContainerRuntime;
  /** Anything else passed to every Kubelet (lease and status intervals, back-off, capacity...). */
  kubelet?: Partial<Omit<KubeletOptions, 'client' | 'nodeName' | 'pods' | 'index' | 'clock' | 'logger' | 'sim'>>;
}

export interface RunningKubelets {
  kubelets: Kubelet[];
  /** Resolves once the pod informer has listed and every node is registered. */
  ready: Promise<void>;
  /** For the API server's pods/log (structurally its NodeConnector). */
  podLogs(request: PodLogRequest): Promise<AsyncIterable<string>>;
  /** The pod of that name and the node of this process that runs it (the kubelet server's lookup). */
  findPod(namespace: string, name: string): { pod: Pod; kubelet: Kubelet } | undefined;
  stop(): Promise<void>;
}

export function runKubelets(options: RunKubeletsOptions): RunningKubelets {
  const prefix = options.namePrefix ?? 'engenho-node-';
  const onError = (error: unknown): void =>
    options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'kubelet pod informer error');
  const shared = options.pods !== undefined;
  // Nodes read nothing from managedFields: the cache keeps pods without them (as kube-scheduler does).
  const pods = options.pods ?? new Informer<Pod>(options.client.resource<Pod>('v1', 'pods'), { clock: options.clock, onError, transform: dropManagedFields });
  // One event correlation memory for the process's nodes, as large as a few nodes' own would be.
  const eventCache = new EventRecorderCache(Math.max(4096, 16 * options.count));
  const byName = new Map<string, Kubelet>();
  const kubelets: Kubelet[] = [];
  for (let index = 0; index < options.count; index++) {
    const nodeName = `${prefix}${index}`;
    const kubelet = new Kubelet({
      ...options.kubelet,
      client: options.clientForNode?.(nodeName) ?? options.client,
      nodeName,
      pods: pods.cache,
      eventCache,
      index,
      clock: options.clock,
      logger: options.logger,
      sim: options.sim,
      ...(options.runtimeForNode ? { runtime: options.runtimeForNode(nodeName, index) } : {}),
      // Nodes of one process each clean up their own pod directories, so each gets its own root.
      ...(options.kubelet?.rootDir && options.count > 1 ? { rootDir: join(options.kubelet.rootDir, nodeName) } : {}),
    });
    kubelets.push(kubelet);
    byName.set(nodeName, kubelet);
  }
  const route = (pod: Pod): void => {
    const nodeName = pod.spec?.nodeName;
    if (nodeName) byName.get(nodeName)?.podChanged(pod);
  };
  let started = false;
  const unsubscribe = pods.addEventHandler({
    onAdd: (pod) => started && route(pod),
    onUpdate: (previous, pod) => {
      if (!started) return;
      if (previous.spec?.nodeName !== pod.spec?.nodeName) route(previous);
      route(pod);
    },
    onDelete: (pod) => started && route(pod),
  });
  if (!shared) pods.start();
  let stopped = false;
  const ready = pods.waitForSync().then(async () => {
    if (stopped) return;
    started = true;
    await Promise.all(kubelets.map((kubelet) => kubelet.start()));
  });
  return {
    kubelets,
    ready,
    podLogs: (request) => podLogs(byName.get(request.nodeName), request),
    findPod(namespace, name) {
      const pod = pods.cache.getByName(namespace, name);
      const kubelet = pod?.spec?.nodeName ? byName.get(pod.spec.nodeName) : undefined;
      return pod && kubelet ? { pod, kubelet } : undefined;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      if (!shared) await pods.stop();
      await Promise.all(kubelets.map((kubelet) => kubelet.stop()));
    },
  };
}
