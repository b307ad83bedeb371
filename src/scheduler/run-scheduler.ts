// Wires a Scheduler to the API: informers on pods, nodes and namespaces feed its event handlers; it
// starts scheduling once all three have listed, and writes through the typed client.
import type { Namespace, Node, Pod } from '../api/index.js';
import { dropManagedFields, Informer, type Client, type Clock, type KubeObject } from '../client/index.js';
import { clientSchedulerApi } from './scheduler-api.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';
import { renderSchedulerMetrics } from './scheduler-metrics.js';

/** Where shared informers come from (the controllers' Manager fits): the owner starts and stops them. */
export interface SharedInformers {
  informer<T extends KubeObject>(apiVersion: string, plural: string): Informer<T>;
}

export interface RunSchedulerOptions extends Omit<SchedulerOptions, 'api' | 'clock'> {
  client: Client;
  clock?: Clock;
  /**
   * Use these informers instead of the scheduler's own, so in-process components keep one copy of
   * every pod and decode each watch event once. Their owner must start and stop them.
   */
  sharedInformers?: SharedInformers;
}

export interface RunningScheduler {
  scheduler: Scheduler;
  /** Prometheus text of the queue, attempts and bindings (scheduler-metrics.ts). */
  metrics(): string;
  /** Resolves once the informers have listed and the loop runs. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function runScheduler(options: RunSchedulerOptions): RunningScheduler {
  const { client, clock, sharedInformers, ...rest } = options;
  const onError = (error: unknown) => rest.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'scheduler API error');
  const api = clientSchedulerApi(client, { clock, component: rest.schedulerName ?? 'default-scheduler', onError });
  const scheduler = new Scheduler({ ...rest, api, clock });
  const own = <T extends KubeObject>(plural: string) => new Informer<T>(client.resource<T>('v1', plural), { clock, onError, transform: dropManagedFields });
  const informer = <T extends KubeObject>(plural: string) => sharedInformers?.informer<T>('v1', plural) ?? own<T>(plural);
  const pods = informer<Pod>('pods');
  const nodes = informer<Node>('nodes');
  const namespaces = informer<Namespace>('namespaces');
  const unsubscribes: (() => void)[] = [];
  const subscribe = <T extends KubeObject>(target: Informer<T>, handler: Parameters<Informer<T>['addEventHandler']>[0]) => unsubscribes.push(target.addEventHandler(handler));
  subscribe(namespaces, {
    onAdd: (ns) => scheduler.onNamespaceChange(ns),
    onUpdate: (_old, ns) => scheduler.onNamespaceChange(ns),
    onDelete: (ns) => scheduler.onNamespaceChange(ns, true),
  });
  subscribe(nodes, {
    onAdd: (node) => scheduler.onNodeAdd(node),
    onUpdate: (old, node) => scheduler.onNodeUpdate(old, node),
    onDelete: (node) => scheduler.onNodeDelete(node),
  });
  subscribe(pods, {
    onAdd: (pod) => scheduler.onPodAdd(pod),
    onUpdate: (old, pod) => scheduler.onPodUpdate(old, pod),
    onDelete: (pod) => scheduler.onPodDelete(pod),
  });
  if (sharedInformers === undefined) for (const started of [namespaces, nodes, pods]) started.start();
  let stopped = false;
  const ready = Promise.all([namespaces.waitForSync(), nodes.waitForSync(), pods.waitForSync()]).then(() => {
    if (!stopped) void scheduler.start();
  });
  return {
    scheduler,
    metrics: () => renderSchedulerMetrics(scheduler, rest.schedulerName ?? 'default-scheduler'),
    ready,
    async stop() {
      stopped = true;
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
      if (sharedInformers === undefined) await Promise.all([pods.stop(), nodes.stop(), namespaces.stop()]);
      await scheduler.stop();
    },
  };
}
