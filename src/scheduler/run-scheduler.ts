// Wires a Scheduler to the API: informers on pods, nodes and namespaces feed its event handlers; it
// starts scheduling once all three have listed, and writes through the typed client.
import type { Namespace, Node, Pod } from '../api/index.js';
import { Informer, type Client, type Clock } from '../client/index.js';
import { clientSchedulerApi } from './scheduler-api.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

export interface RunSchedulerOptions extends Omit<SchedulerOptions, 'api' | 'clock'> {
  client: Client;
  clock?: Clock;
}

export interface RunningScheduler {
  scheduler: Scheduler;
  /** Resolves once the informers have listed and the loop runs. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function runScheduler(options: RunSchedulerOptions): RunningScheduler {
  const { client, clock, ...rest } = options;
  const onError = (error: unknown) => rest.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'scheduler API error');
  const api = clientSchedulerApi(client, { clock, component: rest.schedulerName ?? 'default-scheduler', onError });
  const scheduler = new Scheduler({ ...rest, api, clock });
  const pods = new Informer<Pod>(client.resource<Pod>('v1', 'pods'), { clock, onError });
  const nodes = new Informer<Node>(client.resource<Node>('v1', 'nodes'), { clock, onError });
  const namespaces = new Informer<Namespace>(client.resource<Namespace>('v1', 'namespaces'), { clock, onError });
  namespaces.addEventHandler({
    onAdd: (ns) => scheduler.onNamespaceChange(ns),
    onUpdate: (_old, ns) => scheduler.onNamespaceChange(ns),
    onDelete: (ns) => scheduler.onNamespaceChange(ns, true),
  });
  nodes.addEventHandler({
    onAdd: (node) => scheduler.onNodeAdd(node),
    onUpdate: (old, node) => scheduler.onNodeUpdate(old, node),
    onDelete: (node) => scheduler.onNodeDelete(node),
  });
  pods.addEventHandler({
    onAdd: (pod) => scheduler.onPodAdd(pod),
    onUpdate: (old, pod) => scheduler.onPodUpdate(old, pod),
    onDelete: (pod) => scheduler.onPodDelete(pod),
  });
  for (const informer of [namespaces, nodes, pods]) informer.start();
  let stopped = false;
  const ready = Promise.all([namespaces.waitForSync(), nodes.waitForSync(), pods.waitForSync()]).then(() => {
    if (!stopped) void scheduler.start();
  });
  return {
    scheduler,
    ready,
    async stop() {
      stopped = true;
      await Promise.all([pods.stop(), nodes.stop(), namespaces.stop()]);
      await scheduler.stop();
    },
  };
}
