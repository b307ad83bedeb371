// npm run bench:client — the client and controller runtime: work queue throughput, informer cache
// apply and index lookups (in memory), and the HTTPS client against a real API server (sequential
// create/get latency, paged list, informer sync of N ConfigMaps, watch delivery to an informer).
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ConfigMap, Pod } from '../src/api/index.js';
import { Client, Informer, ObjectCache } from '../src/client/index.js';
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
await overHttps(false);
await overHttps(true);

console.table(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/client-runtime.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n');
