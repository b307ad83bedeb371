// npm run bench:client — the client and controller runtime: work queue throughput, informer cache
// apply and index lookups (in memory), watch decode + informer apply of realistic pods, the heap one
// cached pod costs (with and without managedFields), and the HTTPS client against a real API server
// (sequential create/get latency, paged list, informer sync of N ConfigMaps, watch delivery to an
// informer). Run by `npm run bench:client` under --expose-gc (the memory rows need it);
// BENCH_CLIENT_IN_MEMORY=1 leaves out the rows against the API server.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ConfigMap, Pod } from '../src/api/index.js';
import { Client, decodeWatchEvents, dropManagedFields, Informer, ObjectCache, type WatchEvent } from '../src/client/index.js';
import { FakeApi } from '../src/client/testing/index.js';
import { startRealApiServer } from '../src/client/testing/real-api-server.js';
import { WorkQueue } from '../src/controllers/runtime/index.js';

interface Row {
  operation: string;
  count: number;
  opsPerSecond: number;
  p50ms?: number;
  p99ms?: number;
}

const rows: Row[] = [];

function record(operation: string, count: number, elapsedMs: number, latencies?: number[]): void {
  const sorted = latencies?.slice().sort((a, b) => a - b);
  const at = (q: number) => (sorted === undefined ? undefined : Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3)));
  rows.push({ operation, count, opsPerSecond: Math.round((count / elapsedMs) * 1000), p50ms: at(0.5), p99ms: at(0.99) });
}

async function workQueue(): Promise<void> {
  const queue = new WorkQueue<string>();
  const keys = 100_000;
  const start = performance.now();
  for (let i = 0; i < keys; i++) {
    queue.add(`ns/key-${i % 50_000}`);
  }
  let processed = 0;
  while (queue.length > 0) {
    const key = (await queue.get())!;
    queue.done(key);
    processed += 1;
  }
  record(`workqueue add (50% duplicates) + get + done, ${processed} keys`, keys, performance.now() - start);
}

function cache(): void {
  const cache = new ObjectCache<Pod>();
  const count = 50_000;
  const pods: Pod[] = Array.from({ length: count }, (_, i) => ({
    metadata: { name: `p-${i}`, namespace: `ns-${i % 100}`, resourceVersion: String(i), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: `rs-${i % 1000}`, controller: true }] },
    spec: { containers: [], nodeName: `node-${i % 500}` },
  }));
  let start = performance.now();
  for (const pod of pods) cache.upsert(pod);
  record('informer cache upsert (3 indexes)', count, performance.now() - start);
  start = performance.now();
  let found = 0;
  for (let i = 0; i < 10_000; i++) found += cache.byIndex('nodeName', `node-${i % 500}`).length;
  record(`cache byIndex nodeName (${found / 10_000} pods per node)`, 10_000, performance.now() - start);
}

/**
 * A pod as the density bench leaves it (captured from the real API server): created by the
 * ReplicaSet controller, bound by the scheduler, Running per the kubelet, with the managedFields of
 * those three writers. `i` varies the name, uid, node, IP and resourceVersion.
 */
function densityPod(i: number, resourceVersion = i + 1000): Pod {
  const rs = `density-${String(i % 100).padStart(4, '0')}-7d9c6b5f8`;
  const rsUid = `0f4d3c2b-1a09-4e8f-9d7c-${String(i % 100).padStart(12, '0')}`;
  const t = '2026-11-22T08:01:45Z';
  const ip = `10.245.${(i >> 8) & 255}.${i & 255}`;
  const condition = (type: string) => ({ type, status: 'True', lastTransitionTime: t });
  const conditionFields = { '.': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs}-`,
      namespace: 'density',
      labels: { app: rs.slice(0, -10), 'pod-template-hash': '7d9c6b5f8' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: rsUid, controller: true, blockOwnerDeletion: true }],
      name: `${rs}-${i.toString(36).padStart(5, 'x')}`,
      uid: `cbe34f82-26f8-43d3-920d-${String(i).padStart(12, '0')}`,
      creationTimestamp: t,
      managedFields: [
        {
          manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: t, fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} }, 'f:ownerReferences': { '.': {}, [`k:{"uid":"${rsUid}"}`]: {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"pause"}': {
                  '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {},
                  'f:resources': { '.': {}, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } },
                  'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {},
                },
              },
              'f:dnsPolicy': {}, 'f:enableServiceLinks': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {},
            },
          },
        },
        {
          manager: 'kube-scheduler', operation: 'Update', apiVersion: 'v1', time: t, fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:nodeName': {} }, 'f:status': { 'f:conditions': { '.': {}, 'k:{"type":"PodScheduled"}': conditionFields } } },
          subresource: 'binding',
        },
        {
          manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: t, fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:status': {
              'f:conditions': {
                'k:{"type":"ContainersReady"}': conditionFields, 'k:{"type":"Initialized"}': conditionFields,
                'k:{"type":"PodReadyToStartContainers"}': conditionFields, 'k:{"type":"Ready"}': conditionFields,
              },
              'f:containerStatuses': {}, 'f:hostIP': {}, 'f:hostIPs': {}, 'f:phase': {}, 'f:podIP': {},
              'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } }, 'f:startTime': {},
            },
          },
          subresource: 'status',
        },
      ],
      resourceVersion: String(resourceVersion),
    },
    spec: {
      containers: [{
        name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '10Mi' } },
        imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      }],
      dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, enableServiceLinks: true,
      securityContext: {}, serviceAccountName: 'default', serviceAccount: 'default',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      nodeName: `sim-node-${String(i % 1000).padStart(4, '0')}`,
    },
    status: {
      phase: 'Running', qosClass: 'Burstable',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      hostIP: '10.244.1.1', hostIPs: [{ ip: '10.244.1.1' }], podIP: ip, podIPs: [{ ip }], startTime: t,
      containerStatuses: [{
        name: 'pause', image: 'registry.k8s.io/pause:3.10', imageID: 'sim://sha256:8cb2091f603e75187e2f6226c5901d12e00b1d1f778c6471ae4578e8a1c4724a',
        containerID: `sim://${i.toString(16).padStart(16, '0')}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: t } }, lastState: {},
      }],
    },
  };
}

/** Watch lines as the API server writes them: one string chunk per event, as the in-process transport hands them over. */
function watchLines(count: number, event: (i: number) => WatchEvent<Pod>): string[] {
  // One event object at a time: a big array of them could stay reachable from the caller's frame and skew the heap figures.
  return Array.from({ length: count }, (_, i) => `${JSON.stringify(event(i))}\n`);
}

/**
 * Informers fed straight from decoded watch lines (no transport): what the client spends per event.
 * Each line goes to every informer in turn, as the API server writes it to every watch of a resource.
 */
async function feed(informers: Informer<Pod>[], chunks: string[]): Promise<void> {
  const streams = informers.map(() => {
    async function* body(): AsyncGenerator<string> {
      yield* chunks;
    }
    return decodeWatchEvents<Pod>(body());
  });
  for (let i = 0; i < chunks.length; i++) {
    for (let k = 0; k < informers.length; k++) {
      const next = await streams[k].next();
      if (next.done) throw new Error('the watch stream ended early');
      const event = next.value;
      informers[k].apply(event.type === 'DELETED' ? { type: 'Delete', object: event.object } : { type: 'Apply', object: event.object });
    }
  }
}

function newPodInformer(options: ConstructorParameters<typeof Informer<Pod>>[1] = {}): Informer<Pod> {
  return new Informer<Pod>(new FakeApi().client().resource<Pod>('v1', 'pods'), options);
}

async function watchApply(informerCount: number): Promise<void> {
  const count = 10_000;
  let handled = 0;
  const informers = Array.from({ length: informerCount }, () => {
    const informer = newPodInformer();
    informer.addEventHandler({ onAdd: () => handled++, onUpdate: () => handled++ });
    return informer;
  });
  const what = informerCount === 1 ? 'one informer' : `${informerCount} informers of one process`;
  const adds = watchLines(count, (i) => ({ type: 'ADDED', object: densityPod(i) }));
  let start = performance.now();
  await feed(informers, adds);
  record(`watch decode + informer apply, ADDED realistic pods, ${what}`, count * informerCount, performance.now() - start);
  const updates = watchLines(count, (i) => ({ type: 'MODIFIED', object: densityPod(i, 100_000 + i) }));
  start = performance.now();
  await feed(informers, updates);
  record(`watch decode + informer apply, MODIFIED (same indexed values), ${what}`, count * informerCount, performance.now() - start);
  if (handled !== 2 * count * informerCount) throw new Error(`handlers saw ${handled} events, expected ${2 * count * informerCount}`);
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const memoryRows: { informers: string; pods: number; bytesPerPod: number; mibPer10kPods: number }[] = [];

/**
 * Heap one cached realistic pod costs: heapUsed after a full GC, before and after 10,000 ADDED
 * events decoded by each of `informers` informers from the same watch lines (as the controllers',
 * the scheduler's and the kubelets' informers of one process get the same lines from the API server).
 */
async function memoryPerPod(label: string, options: ConstructorParameters<typeof Informer<Pod>>[1], informers = 1): Promise<void> {
  if (gc === undefined) {
    console.warn('memory per pod: skipped (run node with --expose-gc: npm run bench:client does)');
    return;
  }
  const count = 10_000;
  const chunks = watchLines(count, (i) => ({ type: 'ADDED', object: densityPod(i) }));
  const caches = Array.from({ length: informers }, () => newPodInformer(options));
  const before = heapUsed();
  await feed(caches, chunks);
  if (chunks.length !== count) throw new Error('the chunks must stay alive until measured');
  const after = heapUsed();
  for (const informer of caches) if (informer.cache.size !== count) throw new Error(`cached ${informer.cache.size} pods, expected ${count}`);
  memoryRows.push({ informers: label, pods: count, bytesPerPod: Math.round((after - before) / count), mibPer10kPods: Number(((after - before) / 2 ** 20).toFixed(1)) });
}

async function fakeInformer(): Promise<void> {
  const api = new FakeApi();
  const configMaps = api.client().resource<ConfigMap>('v1', 'configmaps');
  const count = 5000;
  for (let i = 0; i < count; i++) await configMaps.create({ metadata: { name: `cm-${i}` } });
  const informer = new Informer(configMaps);
  const start = performance.now();
  informer.start();
  await informer.waitForSync();
  record('informer sync over FakeApi (pages of 500)', count, performance.now() - start);
  await informer.stop();
}

async function overHttps(http2: boolean): Promise<void> {
  const cluster = await startRealApiServer();
  const client = Client.fromKubeconfig({ path: cluster.kubeconfig, http2 });
  const via = http2 ? 'HTTP/2' : 'HTTP/1.1';
  try {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    const count = 500;
    let latencies: number[] = [];
    let start = performance.now();
    for (let i = 0; i < count; i++) {
      const began = performance.now();
      await configMaps.create({ metadata: { name: `cm-${i}`, namespace: 'default' }, data: { i: String(i) } });
      latencies.push(performance.now() - began);
    }
    record(`${via} create ConfigMap (sequential)`, count, performance.now() - start, latencies);
    latencies = [];
    start = performance.now();
    for (let i = 0; i < count; i++) {
      const began = performance.now();
      await configMaps.get(`cm-${i}`);
      latencies.push(performance.now() - began);
    }
    record(`${via} get ConfigMap (sequential)`, count, performance.now() - start, latencies);
    start = performance.now();
    const listed = await configMaps.listAll({ namespace: 'default', limit: 100 });
    record(`${via} listAll ${listed.items.length} ConfigMaps (pages of 100)`, listed.items.length, performance.now() - start);

    const informer = new Informer(configMaps, { namespace: 'default' });
    start = performance.now();
    informer.start();
    await informer.waitForSync();
    record(`${via} informer initial sync`, informer.cache.size, performance.now() - start);
    let seen = 0;
    let allSeen: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allSeen = resolve));
    informer.addEventHandler({ onUpdate: () => (++seen === count ? allSeen() : undefined) });
    start = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => configMaps.patch(`cm-${i}`, { data: { i: 'x' } }, { type: 'merge' })));
    await done;
    record(`${via} patch (500 concurrent) until the informer saw every update`, count, performance.now() - start);
    await informer.stop();
  } finally {
    client.close();
    await cluster.stop();
  }
}

await workQueue();
cache();
await fakeInformer();
await watchApply(1);
await watchApply(3);
await memoryPerPod('one informer', {});
await memoryPerPod('one informer, transform: dropManagedFields', { transform: dropManagedFields });
await memoryPerPod('three informers', {}, 3);
await memoryPerPod('three informers, transform: dropManagedFields', { transform: dropManagedFields }, 3);
if (process.env.BENCH_CLIENT_IN_MEMORY !== '1') {
  await overHttps(false);
  await overHttps(true);
}

console.table(rows);
console.table(memoryRows);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/client-runtime.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, memory: memoryRows }, null, 2) + '\n');
