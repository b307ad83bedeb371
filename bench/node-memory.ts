// tsx --expose-gc bench/node-memory.ts — memory and CPU per pod of the simulated nodes (kubelet + sim
// runtime) and of the scheduler, without an API server: an in-memory transport answers the nodes'
// writes (Node, Lease, Events, pods/status merge patches) and feeds the changed pods back to the
// kubelets and the scheduler as one shared informer would. Heap is measured after a full GC; each
// component's share is what the heap loses when that component is dropped.
// BENCH_NODES (default 1000), BENCH_PODS (default 10000).
import type { Node, Pod } from '../src/api/index.js';
import { Client, ObjectCache, type Transport, type TransportRequest, type TransportResponse } from '../src/client/index.js';
import { Kubelet } from '../src/kubelet/kubelet.js';
import { Scheduler, type SchedulerApi } from '../src/scheduler/index.js';

const nodeCount = Number(process.env.BENCH_NODES ?? 1000);
const podCount = Number(process.env.BENCH_PODS ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (tsx --expose-gc bench/node-memory.ts)');

function heapMB(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const counts = new Map<string, number>();
let statusPatchBytes = 0;
let revision = 1;
const pods = new ObjectCache<Pod>();
let kubelets = new Map<string, Kubelet>();
let scheduler: Scheduler | undefined;

function count(what: string): void {
  counts.set(what, (counts.get(what) ?? 0) + 1);
}

function ok(body: unknown, status = 200): TransportResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function stamp<T extends { metadata?: { resourceVersion?: string; uid?: string } }>(object: T): T {
  object.metadata = { ...object.metadata, resourceVersion: String(++revision), uid: object.metadata?.uid ?? `uid-${revision}` };
  return object;
}

function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (typeof value === 'object' && !Array.isArray(value) && typeof target[key] === 'object' && target[key] !== null && !Array.isArray(target[key]))
      target[key] = mergePatch({ ...(target[key] as Record<string, unknown>) }, value as Record<string, unknown>);
    else target[key] = value;
  }
  return target;
}

/** A pod changed as a watch would report it: a freshly decoded object replaces the cached one. */
function podChanged(previous: Pod | undefined, next: Pod): void {
  pods.upsert(next);
  setImmediate(() => {
    const nodeName = next.spec?.nodeName;
    if (nodeName) kubelets.get(nodeName)?.podChanged(next);
    if (previous) scheduler?.onPodUpdate(previous, next);
    else scheduler?.onPodAdd(next);
  });
}

const transport: Transport = {
  async request(request: TransportRequest): Promise<TransportResponse> {
    const { method, path } = request;
    const body = request.body ? JSON.parse(request.body) : undefined;
    if (method === 'POST' && path === '/api/v1/nodes') {
      count('POST nodes');
      const node = stamp(body as Node);
      setImmediate(() => scheduler?.onNodeAdd(node));
      return ok(node, 201);
    }
    if (method === 'PUT' && /^\/api\/v1\/nodes\/[^/]+\/status$/.test(path)) {
      count('PUT nodes/status');
      const node = stamp(body as Node);
      setImmediate(() => scheduler?.onNodeUpdate(node, node));
      return ok(node);
    }
    if (path.startsWith('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases')) {
      count(`${method} leases`);
      return ok(stamp(body), method === 'POST' ? 201 : 200);
    }
    if (method === 'POST' && /^\/api\/v1\/namespaces\/[^/]+\/events$/.test(path)) {
      count(`event ${body.reason}`);
      return ok(stamp(body), 201);
    }
    const status = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/status$/.exec(path);
    if (method === 'PATCH' && status) {
      count('PATCH pods/status');
      statusPatchBytes += request.body?.length ?? 0;
      const previous = pods.getByName(status[1], status[2]);
      if (!previous) return { status: 404, headers: {}, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }) };
      const next = stamp(mergePatch(JSON.parse(JSON.stringify(previous)), body) as Pod);
      podChanged(previous, next);
      return ok(next);
    }
    throw new Error(`node-memory bench: no route for ${method} ${path}`);
  },
  async stream() {
    throw new Error('node-memory bench: no watches');
  },
};

function makePod(index: number): Pod {
  return stamp({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `density-${Math.floor(index / 100)}-${index.toString(36)}`,
      namespace: 'default',
      labels: { app: `density-${Math.floor(index / 100)}`, 'pod-template-hash': '5d8f7c9b4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `density-${Math.floor(index / 100)}-5d8f7c9b4`, uid: `rs-${Math.floor(index / 100)}`, controller: true, blockOwnerDeletion: true }],
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    },
    spec: {
      containers: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu: '10m', memory: '10Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  } as Pod);
}

const api: SchedulerApi = {
  async bind(pod, nodeName) {
    const previous = pods.getByName(pod.metadata?.namespace, pod.metadata?.name ?? '');
    if (!previous) throw new Error('gone');
    const next = stamp(JSON.parse(JSON.stringify(previous)) as Pod);
    next.spec = { ...next.spec!, nodeName };
    next.status = { ...next.status, conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] };
    podChanged(previous, next);
  },
  async setPodScheduledCondition() {},
  async recordEvent() {},
};

async function waitFor(check: () => boolean, what: string, timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify([...counts])} ${JSON.stringify(scheduler?.stats)} running ${running()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function running(): number {
  let n = 0;
  for (const pod of pods.list()) if (pod.status?.phase === 'Running') n++;
  return n;
}

async function main(): Promise<void> {
  const client = new Client(transport, { fieldManager: 'node-memory-bench' });
  const heapStart = heapMB();
  scheduler = new Scheduler({ api });
  void scheduler.start();
  for (let index = 0; index < nodeCount; index++) {
    const nodeName = `engenho-node-${index}`;
    kubelets.set(nodeName, new Kubelet({ client, nodeName, pods, index, sim: {}, recordEvents: process.env.BENCH_EVENTS !== '0' }));
  }
  await Promise.all([...kubelets.values()].map((kubelet) => kubelet.start()));
  if (process.env.BENCH_DEBUG) console.log("nodes started", counts);
  await waitFor(() => scheduler!.cache.nodes.length === nodeCount, 'nodes in the scheduler cache');
  const heapNodes = heapMB();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < podCount; index++) podChanged(undefined, makePod(index));
  await waitFor(() => running() === podCount, `${podCount} pods Running`);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await Promise.all([...kubelets.values()].map((kubelet) => kubelet.idle()));
  const heapRunning = heapMB();
  if (process.env.BENCH_SNAPSHOT) (await import('node:v8')).writeHeapSnapshot(process.env.BENCH_SNAPSHOT);
  const kubeletList = [...kubelets.values()];
  kubelets = new Map();
  await Promise.all(kubeletList.map((kubelet) => kubelet.stop()));
  kubeletList.length = 0;
  const heapNoKubelets = heapMB();
  await scheduler.stop();
  scheduler = undefined;
  const heapNoScheduler = heapMB();
  const kb = (mb: number) => ((mb * 1024) / podCount).toFixed(2);
  console.log(`${nodeCount} nodes, ${podCount} pods Running in ${seconds.toFixed(1)} s (${Math.round(podCount / seconds)} pods/s), CPU ${((cpu.user + cpu.system) / 1e3 / podCount).toFixed(3)} ms/pod`);
  console.log(`heap MB: start ${heapStart.toFixed(1)}, nodes up ${heapNodes.toFixed(1)}, pods running ${heapRunning.toFixed(1)}, kubelets dropped ${heapNoKubelets.toFixed(1)}, scheduler dropped ${heapNoScheduler.toFixed(1)}`);
  console.log(`per node (kubelet + runtime + scheduler NodeInfo): ${(((heapNodes - heapStart) * 1024) / nodeCount).toFixed(1)} KB`);
  console.log(`per pod: kubelets + sim runtimes ${kb(heapRunning - heapNoKubelets)} KB, scheduler ${kb(heapNoKubelets - heapNoScheduler)} KB, pod objects (cache) ${kb(heapNoScheduler - heapStart)} KB`);
  console.log(`per pod: ${[...counts].filter(([what]) => !what.includes('lease') && !what.includes('nodes')).map(([what, n]) => `${(n / podCount).toFixed(2)} ${what}`).join(', ')}; status patch ${Math.round(statusPatchBytes / (counts.get('PATCH pods/status') ?? 1))} B avg`);
  console.log(`node writes: ${[...counts].filter(([what]) => what.includes('lease') || what.includes('nodes')).map(([what, n]) => `${n} ${what}`).join(', ')}`);
}

await main();
process.exit(0);
