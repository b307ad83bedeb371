// Test support only: a real API server (temp SQLite store), an admin client over the in-process
// transport, a fake clock, and `runKubelets` on top.
import type { CoreV1Event, Pod } from '../../api/index.js';
import { Client, Informer, type ResourceClient, type Transport } from '../../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../../client/testing/real-api-server.js';
import { FakeClock } from '../../client/testing/index.js';
import type { ContainerRuntime } from '../container-runtime.js';
import { runKubelets, type RunKubeletsOptions, type RunningKubelets } from '../run-kubelets.js';

export interface KubeletHarness {
  api: RealApiServer;
  client: Client;
  clock: FakeClock;
  running: RunningKubelets;
  /** The pod informer handed to the kubelets (`sharedPods`). */
  sharedPods?: Informer<Pod>;
  pods: ResourceClient<Pod>;
  /** Polls the pod until `check` holds; returns it. */
  waitForPod(name: string, check: (pod: Pod) => boolean, what: string): Promise<Pod>;
  /** `type reason: message` of the Events about a pod, sorted (the same instant orders them arbitrarily). */
  eventsOf(name: string): Promise<string[]>;
  /** Advances the fake clock, then lets the kubelets finish what it started. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions extends Partial<RunKubeletsOptions> {
  /** The node's runtime (one node), made on the harness's clock. */
  runtime?: (clock: FakeClock) => ContainerRuntime;
  /** Wraps the transport of the kubelets' own client (their pod informer's, and the nodes' unless `clientForNode` is given). */
  kubeletTransport?: (inner: Transport) => Transport;
  /** Hand the kubelets a pod informer the harness owns (as `engenho up` shares the controllers'), started before them. */
  sharedPods?: boolean;
}

export async function startKubeletHarness(options: HarnessOptions = {}): Promise<KubeletHarness> {
  const api = await startRealApiServer();
  const client = new Client(api.inProcess(), { fieldManager: 'kubelet-test' });
  const clock = new FakeClock();
  const { runtime, kubeletTransport, sharedPods, ...rest } = options;
  const kubelet = runtime ? { ...rest.kubelet, runtime: runtime(clock) } : rest.kubelet;
  const kubeletClient = kubeletTransport ? new Client(kubeletTransport(api.inProcess()), { fieldManager: 'kubelet-test' }) : client;
  const podInformer = sharedPods ? new Informer<Pod>(kubeletClient.resource<Pod>('v1', 'pods'), { clock }) : undefined;
  podInformer?.start();
  const running = runKubelets({ count: 1, sim: { startDelayMs: 1000, logIntervalMs: 0 }, ...rest, ...(podInformer ? { pods: podInformer } : {}), kubelet, client: kubeletClient, clock });
  await running.ready;
  const pods = client.resource<Pod>('v1', 'pods');
  const harness: KubeletHarness = {
    api,
    client,
    clock,
    running,
    sharedPods: podInformer,
    pods,
    async waitForPod(name, check, what) {
      let last: Pod | undefined;
      await eventually(async () => {
        last = await pods.get(name).catch(() => undefined);
        return last !== undefined && check(last);
      }, `${name}: ${what}`);
      return last!;
    },
    async eventsOf(name) {
      const events = (await client.resource<CoreV1Event>('v1', 'events').list({ namespace: 'default' })).items.filter((e) => e.involvedObject.name === name);
      return events.map((e) => `${e.type} ${e.reason}: ${e.message}`).sort();
    },
    async advance(ms) {
      await clock.advance(ms);
      await Promise.all(running.kubelets.map((kubelet) => kubelet.idle()));
    },
    async stop() {
      await running.stop();
      await podInformer?.stop();
      if (kubeletClient !== client) kubeletClient.close();
      client.close();
      await api.stop();
    },
  };
  return harness;
}

export function podManifest(name: string, spec: Partial<NonNullable<Pod['spec']>> = {}, annotations?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { nodeName: 'engenho-node-0', containers: [{ name: 'app', image: 'nginx' }], ...spec },
  };
}
