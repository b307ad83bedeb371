// One density run in its own process (so its RSS and CPU are its own): start the cluster with N
// nodes, create Deployments totalling P pods, follow the pods until all are Running or the deadline
// passes, and print one `DENSITY_RESULT {json}` line. Run by bench/density.ts.
import type { Deployment, Namespace, Node, Pod } from '../src/api/index.js';
import type { Client } from '../src/client/index.js';
import { startDensityCluster } from './density-cluster.js';
import { PeakMemory, percentile, PodTracker } from './density-tracker.js';

export interface DensityResult {
  scenario: string;
  nodes: number;
  pods: number;
  deployments: number;
  completed: boolean;
  nodesReadySeconds: number;
  createSeconds: number;
  scheduledPods: number;
  runningPods: number;
  /** From the first Deployment create to the last pod Running. */
  createToRunningSeconds: number;
  podsRunningPerSecond: number;
  /** Pods bound / (last bind - first bind), as seen in the watch. */
  schedulerPodsPerSecond: number;
  startupP50Ms: number;
  startupP99Ms: number;
  startupMaxMs: number;
  /**
   * The latency phase, as ClusterLoader2 measures the pod startup SLO: once the saturation pods run,
   * single-replica Deployments are created at a low rate (BENCH_DENSITY_LATENCY_QPS) and their pods' startup
   * measured on the loaded cluster. Absent when the saturation phase did not finish.
   */
  latency?: { pods: number; running: number; qps: number; startupP50Ms: number; startupP99Ms: number; startupMaxMs: number };
  /** The two halves of startup: first seen -> bound (queue + scheduler + binding), bound -> Running (kubelet). */
  toBoundP50Ms: number;
  toBoundP99Ms: number;
  boundToRunningP50Ms: number;
  boundToRunningP99Ms: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
  cpuSeconds: number;
  /** CPU seconds / wall seconds of the measured phase (1.0 = one core busy). */
  cpuCores: number;
  /** The most frequent API requests of the run (apiserver_request_total), "VERB resource[/subresource] code". */
  topRequests: Record<string, number>;
  /** Requests rejected or still queued by flow control at the end. */
  flowControl: string[];
  note?: string;
}

function requestCounts(metrics: string): { top: Record<string, number>; flow: string[] } {
  const counts: [string, number][] = [];
  for (const line of metrics.split('\n')) {
    const match = /^apiserver_request_total\{code="(\d+)",group="[^"]*",resource="([^"]*)",scope="[^"]*",subresource="([^"]*)",verb="([A-Z]+)",version="[^"]*"\} (\d+)$/.exec(line);
    if (match) {
      const [, code, resource, subresource, verb, count] = match;
      const name = `${verb} ${resource}${subresource ? `/${subresource}` : ''} ${code}`;
      const existing = counts.find(([key]) => key === name);
      if (existing) existing[1] += Number(count);
      else counts.push([name, Number(count)]);
    }
  }
  counts.sort((a, b) => b[1] - a[1]);
  const flow = metrics.split('\n').filter((line) => line.startsWith('apiserver_flowcontrol_rejected_requests_total') || line.startsWith('apiserver_flowcontrol_current_inqueue_requests'));
  return { top: Object.fromEntries(counts.slice(0, 12)), flow };
}

const NAMESPACE = 'density';
const scenario = process.env.DENSITY_SCENARIO ?? 'default';
const nodeCount = Number(process.env.DENSITY_NODES ?? 1000);
const podCount = Number(process.env.DENSITY_PODS ?? 30_000);
const perDeployment = Number(process.env.BENCH_DENSITY_PER_DEPLOYMENT ?? 1000);
const deadline = Number(process.env.DENSITY_DEADLINE_EPOCH_MS ?? Date.now() + 15 * 60_000);
const log = (message: string) => process.stderr.write(`[density ${scenario}] ${message}\n`);
const seconds = (ms: number) => Math.round(ms) / 1000;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LATENCY_NAMESPACE = 'density-latency';
const latencyPodCount = Number(process.env.BENCH_DENSITY_LATENCY_PODS ?? 100);
const latencyQps = Number(process.env.BENCH_DENSITY_LATENCY_QPS ?? 5);

function deployment(name: string, replicas: number, namespace = NAMESPACE): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '10Mi' } } }] },
      },
    },
  };
}

async function waitForNodes(client: Client): Promise<boolean> {
  const nodes = client.resource<Node>('v1', 'nodes');
  while (Date.now() < deadline) {
    const items = (await nodes.list()).items;
    const ready = items.filter((node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (ready >= nodeCount) return true;
    await sleep(500);
  }
  return false;
}

function followPods(client: Client, tracker: PodTracker, namespace = NAMESPACE): { stop(): void } {
  const pods = client.resource<Pod>('v1', 'pods');
  let stopped = false;
  let close = () => {};
  void (async () => {
    let resourceVersion: string | undefined;
    while (!stopped) {
      try {
        const stream = await pods.watch({ namespace, ...(resourceVersion ? { resourceVersion } : {}) });
        close = () => stream.close();
        for await (const event of stream) {
          if (event.type === 'ERROR') {
            resourceVersion = undefined;
            break;
          }
          resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
          if (event.type !== 'DELETED' && event.type !== 'BOOKMARK') tracker.observe(event.object);
        }
      } catch (error) {
        if (!stopped) log(`pod watch failed, retrying: ${(error as Error).message}`);
        await sleep(200);
      }
    }
  })();
  return {
    stop() {
      stopped = true;
      close();
    },
  };
}

async function run(): Promise<DensityResult> {
  const memory = new PeakMemory();
  const setupStart = performance.now();
  const cluster = await startDensityCluster(nodeCount);
  const nodesReady = await waitForNodes(cluster.client);
  const nodesReadySeconds = seconds(performance.now() - setupStart);
  log(`${nodeCount} nodes ${nodesReady ? 'ready' : 'NOT ready by the deadline'} after ${nodesReadySeconds} s`);

  await cluster.client.resource<Namespace>('v1', 'namespaces').create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  const tracker = new PodTracker();
  const follower = followPods(cluster.client, tracker);
  await sleep(100);

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const deployments = cluster.client.resource<Deployment>('apps/v1', 'deployments');
  const deploymentCount = nodesReady ? Math.ceil(podCount / perDeployment) : 0;
  for (let i = 0; i < deploymentCount; i++) {
    await deployments.create(deployment(`load-${i}`, Math.min(perDeployment, podCount - i * perDeployment)));
  }
  const createSeconds = seconds(performance.now() - start);

  let lastProgress = 0;
  while (nodesReady && tracker.runningCount < podCount && Date.now() < deadline) {
    await sleep(250);
    if (performance.now() - lastProgress >= 5000) {
      lastProgress = performance.now();
      log(`t=${seconds(lastProgress - start)}s seen=${tracker.pods.size} scheduled=${tracker.scheduledCount} running=${tracker.runningCount} rss=${mib(process.memoryUsage().rss)}MiB`);
    }
  }
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  follower.stop();
  memory.stop();

  const times = [...tracker.pods.values()];
  const scheduledAt = times.flatMap((t) => (t.scheduled === undefined ? [] : [t.scheduled]));
  const runningAt = times.flatMap((t) => (t.running === undefined ? [] : [t.running]));
  const startup = times.flatMap((t) => (t.running === undefined ? [] : [t.running - t.seen]));
  const toBound = times.flatMap((t) => (t.scheduled === undefined ? [] : [t.scheduled - t.seen]));
  const boundToRunning = times.flatMap((t) => (t.running === undefined || t.scheduled === undefined ? [] : [t.running - t.scheduled]));
  const schedulingSpan = scheduledAt.length > 1 ? Math.max(...scheduledAt) - Math.min(...scheduledAt) : 0;
  const lastRunning = runningAt.length ? Math.max(...runningAt) : end;
  const completed = tracker.runningCount >= podCount;
  const latency = completed && latencyPodCount > 0 ? await latencyPhase(cluster.client) : undefined;
  const requests = requestCounts(cluster.metricsText());
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const result: DensityResult = {
    scenario,
    nodes: nodeCount,
    pods: podCount,
    deployments: deploymentCount,
    completed,
    nodesReadySeconds,
    createSeconds,
    scheduledPods: tracker.scheduledCount,
    runningPods: tracker.runningCount,
    createToRunningSeconds: seconds(lastRunning - start),
    podsRunningPerSecond: Math.round(tracker.runningCount / ((lastRunning - start) / 1000)),
    schedulerPodsPerSecond: schedulingSpan > 0 ? Math.round(scheduledAt.length / (schedulingSpan / 1000)) : 0,
    startupP50Ms: Math.round(percentile(startup, 50)),
    startupP99Ms: Math.round(percentile(startup, 99)),
    startupMaxMs: Math.round(percentile(startup, 100)),
    ...(latency ? { latency } : {}),
    toBoundP50Ms: Math.round(percentile(toBound, 50)),
    toBoundP99Ms: Math.round(percentile(toBound, 99)),
    boundToRunningP50Ms: Math.round(percentile(boundToRunning, 50)),
    boundToRunningP99Ms: Math.round(percentile(boundToRunning, 99)),
    peakRssMiB: mib(memory.rssBytes),
    peakHeapUsedMiB: mib(memory.heapUsedBytes),
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    cpuCores: Math.round((cpuSeconds / ((end - start) / 1000)) * 100) / 100,
    topRequests: requests.top,
    flowControl: requests.flow,
    ...(completed ? {} : { note: nodesReady ? `time cap hit: ${tracker.runningCount}/${podCount} Running` : 'time cap hit before every node was Ready' }),
  };
  process.stdout.write(`DENSITY_RESULT ${JSON.stringify(result)}\n`);
  await Promise.race([cluster.stop(), sleep(60_000)]);
  return result;
}

/** Creates latency pods at `latencyQps` on the loaded cluster and waits (up to 2 min) for them to run. */
async function latencyPhase(client: Client): Promise<NonNullable<DensityResult['latency']>> {
  await client.resource<Namespace>('v1', 'namespaces').create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: LATENCY_NAMESPACE } });
  const tracker = new PodTracker();
  const follower = followPods(client, tracker, LATENCY_NAMESPACE);
  await sleep(100);
  const deployments = client.resource<Deployment>('apps/v1', 'deployments');
  const start = performance.now();
  for (let i = 0; i < latencyPodCount; i++) {
    const due = start + (i * 1000) / latencyQps;
    if (due > performance.now()) await sleep(due - performance.now());
    await deployments.create(deployment(`latency-${i}`, 1, LATENCY_NAMESPACE));
  }
  const waitUntil = Math.min(deadline, Date.now() + 120_000);
  while (tracker.runningCount < latencyPodCount && Date.now() < waitUntil) await sleep(100);
  follower.stop();
  const startup = [...tracker.pods.values()].flatMap((t) => (t.running === undefined ? [] : [t.running - t.seen]));
  log(`latency phase: ${tracker.runningCount}/${latencyPodCount} Running, p99 ${Math.round(percentile(startup, 99))} ms`);
  return {
    pods: latencyPodCount,
    running: tracker.runningCount,
    qps: latencyQps,
    startupP50Ms: Math.round(percentile(startup, 50)),
    startupP99Ms: Math.round(percentile(startup, 99)),
    startupMaxMs: Math.round(percentile(startup, 100)),
  };
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
