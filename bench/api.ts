// npm run bench:api — the API server over HTTPS (HTTP/2, 16 concurrent clients) against the bare
// store underneath it, in the same run: creates, gets, lists of 1,000 objects, watch fan-out, and
// the latency of single writes paced at 500/s. Server and clients share this process (and its
// event loop), so the HTTPS numbers include the clients' own cost. Then the same handlers through the
// in-process transport over the in-memory store (bench/api-in-process.ts): the server's own cost
// per request, without TLS or fsync.
// BENCH_API_SCALE (default 1) multiplies the operation counts; BENCH_API_TRANSPORT=https or
// in-process runs only that half.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer } from '../src/apiserver/index.js';
import { ensureClusterCertificates } from '../src/pki/index.js';
import { createStore, type Store } from '../src/store/index.js';
import { BenchClient, measure, percentile, type Measured } from './api-client.js';
import { inProcessRows } from './api-in-process.js';

const SCALE = Number(process.env.BENCH_API_SCALE ?? 1);
const TRANSPORT = process.env.BENCH_API_TRANSPORT ?? 'both';
const CLIENTS = 16;
const CREATES = Math.round(3000 * SCALE);
const GETS = Math.round(6000 * SCALE);
const LIST_SIZE = 1000;
const LISTS = Math.round(160 * SCALE);
const WATCHERS = 16;
const WATCH_WRITES = Math.round(500 * SCALE);
const PACED_RATE = 500;
const PACED_SECONDS = 4;

interface Row {
  operation: string;
  api: Measured;
  store: Measured;
}

const pod = (namespace: string, name: string, status?: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { bench: 'api' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'registry.example/app:1.0' }] },
  ...(status === undefined ? {} : { status }),
});

const configMap = (namespace: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: { bench: 'api' } },
  data: { key: 'value', another: 'a somewhat longer value to look like real data' },
});

/** What the API server itself would store, so the store baseline writes comparable bytes. */
const storedValue = (namespace: string, name: string) =>
  JSON.stringify({ ...configMap(namespace, name), metadata: { ...configMap(namespace, name).metadata, uid: crypto.randomUUID(), creationTimestamp: new Date().toISOString() } });

async function watchFanOut(open: (onEvent: () => void) => Promise<() => void>, write: (i: number) => Promise<void>): Promise<Measured> {
  let received = 0;
  const expected = WATCHERS * WATCH_WRITES;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const onEvent = () => {
    received++;
    if (received === expected) done();
  };
  const closers = await Promise.all(Array.from({ length: WATCHERS }, () => open(onEvent)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  for (let i = 0; i < WATCH_WRITES; i++) await write(i);
  await all;
  const seconds = (performance.now() - started) / 1000;
  for (const close of closers) close();
  return { opsPerSecond: expected / seconds, p50Ms: 0, p99Ms: 0 }; // throughput only
}

async function paced(op: (i: number) => Promise<void>): Promise<Measured> {
  const total = PACED_RATE * PACED_SECONDS;
  const latencies: number[] = [];
  const interval = 1000 / PACED_RATE;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(
      (async () => {
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(inflight);
  return { opsPerSecond: total / ((performance.now() - started) / 1000), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** Latency cell; watch fan-out measures throughput only. */
const ms = (value: number) => (value === 0 ? '-' : value.toFixed(2));

function expectStatus(status: number, wanted: number, what: string, body: string): void {
  if (status !== wanted) throw new Error(`${what}: HTTP ${status} (wanted ${wanted}): ${body.slice(0, 300)}`);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const loadBefore = loadavg()[0];
  if (TRANSPORT !== 'in-process') await httpsRows(rows);
  if (TRANSPORT !== 'https') {
    console.error('in-process transport over the memory store ...');
    rows.push(...(await inProcessRows(SCALE, CLIENTS)));
  }
  report(rows, loadBefore);
}

async function httpsRows(rows: Row[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'engenho-bench-api-'));
  try {
    const certificates = await ensureClusterCertificates({ tlsDir: join(dir, 'tls'), subjectAltNames: ['127.0.0.1'] });
    const apiStore = await createStore({ sqlite: { path: join(dir, 'api.db') } });
    const bareStore: Store = await createStore({ sqlite: { path: join(dir, 'bare.db') } });
    const server = await startApiServer({
      store: apiStore,
      host: '127.0.0.1',
      port: 0,
      tls: { cert: certificates.serving.certPem, key: certificates.serving.keyPem, ca: certificates.ca.certPem },
    });
    const url = `https://127.0.0.1:${server.port}`;
    const tls = { ca: certificates.ca.certPem, cert: certificates.admin.certPem, key: certificates.admin.keyPem };
    const clients = Array.from({ length: CLIENTS }, () => new BenchClient(url, tls));
    for (const namespace of ['bench', 'lists', 'watch', 'paced']) {
      const created = await clients[0].request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      expectStatus(created.status, 201, 'create namespace', created.body);
    }

    console.error(`creates (${CREATES}) ...`);
    const apiCreates = await measure(CREATES, CLIENTS, async (i, worker) => {
      const response = await clients[worker].request('POST', '/api/v1/namespaces/bench/configmaps', configMap('bench', `cm-${i}`));
      expectStatus(response.status, 201, 'create', response.body);
    });
    const storeCreates = await measure(CREATES, CLIENTS, async (i) => {
      await bareStore.create(`/registry/configmaps/bench/cm-${i}`, storedValue('bench', `cm-${i}`));
    });
    rows.push({ operation: 'create', api: apiCreates, store: storeCreates });

    console.error(`gets (${GETS}) ...`);
    const apiGets = await measure(GETS, CLIENTS, async (i, worker) => {
      const response = await clients[worker].request('GET', `/api/v1/namespaces/bench/configmaps/cm-${(i * 7919) % CREATES}`);
      expectStatus(response.status, 200, 'get', response.body);
    });
    const storeGets = await measure(GETS, CLIENTS, async (i) => {
      const { kv } = await bareStore.get(`/registry/configmaps/bench/cm-${(i * 7919) % CREATES}`);
      if (kv === null) throw new Error('missing key');
      JSON.parse(kv.value);
    });
    rows.push({ operation: 'get', api: apiGets, store: storeGets });

    const UPDATES = Math.round(CREATES / 3);
    const revisions = new Map<string, number>();
    const bareUpdate = async (key: string, value: string) => {
      const revision = revisions.get(key) ?? (await bareStore.get(key)).kv!.modRevision;
      revisions.set(key, (await bareStore.update(key, value, revision)).modRevision);
    };
    console.error(`updates (PUT) (${UPDATES}) ...`);
    const apiUpdates = await measure(UPDATES, CLIENTS, async (i, worker) => {
      const object = { ...configMap('bench', `cm-${i}`), data: { key: 'changed' } };
      const response = await clients[worker].request('PUT', `/api/v1/namespaces/bench/configmaps/cm-${i}`, object);
      expectStatus(response.status, 200, 'update', response.body);
    });
    const storeUpdates = await measure(UPDATES, CLIENTS, async (i) => bareUpdate(`/registry/configmaps/bench/cm-${i}`, storedValue('bench', `cm-${i}`)));
    rows.push({ operation: 'update (PUT)', api: apiUpdates, store: storeUpdates });

    console.error(`PATCH merge (${UPDATES}) ...`);
    const apiPatches = await measure(UPDATES, CLIENTS, async (i, worker) => {
      const response = await clients[worker].request('PATCH', `/api/v1/namespaces/bench/configmaps/cm-${i}`, { data: { patched: 'yes' } }, 'application/merge-patch+json');
      expectStatus(response.status, 200, 'patch', response.body);
    });
    const storePatches = await measure(UPDATES, CLIENTS, async (i) => bareUpdate(`/registry/configmaps/bench/cm-${i}`, storedValue('bench', `cm-${i}`)));
    rows.push({ operation: 'PATCH merge', api: apiPatches, store: storePatches });

    console.error(`update (PUT) status of pods (${UPDATES}) ...`);
    await measure(UPDATES, CLIENTS, async (i, worker) => {
      const response = await clients[worker].request('POST', '/api/v1/namespaces/bench/pods', pod('bench', `pod-${i}`));
      expectStatus(response.status, 201, 'create pod', response.body);
      await bareStore.create(`/registry/pods/bench/pod-${i}`, JSON.stringify(pod('bench', `pod-${i}`)));
    });
    const running = { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] };
    const apiStatus = await measure(UPDATES, CLIENTS, async (i, worker) => {
      const response = await clients[worker].request('PUT', `/api/v1/namespaces/bench/pods/pod-${i}/status`, pod('bench', `pod-${i}`, running));
      expectStatus(response.status, 200, 'update status', response.body);
    });
    const storeStatus = await measure(UPDATES, CLIENTS, async (i) => bareUpdate(`/registry/pods/bench/pod-${i}`, JSON.stringify(pod('bench', `pod-${i}`, running))));
    rows.push({ operation: 'update (PUT) status', api: apiStatus, store: storeStatus });

    console.error(`lists of ${LIST_SIZE} (${LISTS}) ...`);
    await measure(LIST_SIZE, CLIENTS, async (i, worker) => {
      const response = await clients[worker].request('POST', '/api/v1/namespaces/lists/configmaps', configMap('lists', `cm-${i}`));
      expectStatus(response.status, 201, 'create', response.body);
      await bareStore.create(`/registry/configmaps/lists/cm-${i}`, storedValue('lists', `cm-${i}`));
    });
    const apiLists = await measure(LISTS, CLIENTS, async (_, worker) => {
      const response = await clients[worker].request('GET', '/api/v1/namespaces/lists/configmaps');
      expectStatus(response.status, 200, 'list', response.body);
      const items = (JSON.parse(response.body) as { items: unknown[] }).items.length;
      if (items !== LIST_SIZE) throw new Error(`list returned ${items} items`);
    });
    const storeLists = await measure(LISTS, CLIENTS, async () => {
      const { kvs } = await bareStore.list('/registry/configmaps/lists/');
      for (const kv of kvs) JSON.parse(kv.value);
    });
    rows.push({ operation: `list ${LIST_SIZE} objects`, api: apiLists, store: storeLists });

    console.error(`watch fan-out (${WATCHERS} watchers x ${WATCH_WRITES} writes) ...`);
    const startRevision = async () => Number((JSON.parse((await clients[0].request('GET', '/api/v1/namespaces/watch/configmaps?limit=1')).body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    const rv = await startRevision();
    const apiWatch = await watchFanOut(
      async (onEvent) => clients[Math.floor(Math.random() * CLIENTS)].watch(`/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=${rv}`, onEvent),
      async (i) => {
        const response = await clients[i % CLIENTS].request('POST', '/api/v1/namespaces/watch/configmaps', configMap('watch', `cm-${i}`));
        expectStatus(response.status, 201, 'create', response.body);
      },
    );
    const storeWatch = await watchFanOut(
      async (onEvent) => {
        const watch = bareStore.watch('/registry/configmaps/watch/');
        void (async () => {
          for await (const event of watch) if (event.type !== 'progress') onEvent();
        })();
        return () => watch.close();
      },
      async (i) => {
        await bareStore.create(`/registry/configmaps/watch/cm-${i}`, storedValue('watch', `cm-${i}`));
      },
    );
    rows.push({ operation: 'watch events delivered', api: apiWatch, store: storeWatch });

    console.error(`paced writes (${PACED_RATE}/s for ${PACED_SECONDS}s) ...`);
    const apiPaced = await paced(async (i) => {
      const response = await clients[i % CLIENTS].request('POST', '/api/v1/namespaces/paced/configmaps', configMap('paced', `cm-${i}`));
      expectStatus(response.status, 201, 'create', response.body);
    });
    const storePaced = await paced(async (i) => {
      await bareStore.create(`/registry/configmaps/paced/cm-${i}`, storedValue('paced', `cm-${i}`));
    });
    rows.push({ operation: `single writes paced at ${PACED_RATE}/s`, api: apiPaced, store: storePaced });

    for (const client of clients) client.close();
    await server.close();
    await apiStore.close();
    await bareStore.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(rows: Row[], loadBefore: number): void {
  const table = [
    '| operation | API ops/s | API p50 ms | API p99 ms | store ops/s | store p50 ms | store p99 ms | API/store throughput |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(({ operation, api, store }) =>
      `| ${operation} | ${api.opsPerSecond.toFixed(0)} | ${ms(api.p50Ms)} | ${ms(api.p99Ms)} | ${store.opsPerSecond.toFixed(0)} | ${ms(store.p50Ms)} | ${ms(store.p99Ms)} | ${(api.opsPerSecond / store.opsPerSecond).toFixed(3)} |`,
    ),
  ].join('\n');
  const load = { cpus: cpus().length, loadAverage1mBefore: loadBefore, loadAverage1mAfter: loadavg()[0] };
  console.log(table);
  console.log(`\n${load.cpus} CPUs, 1-minute load average ${load.loadAverage1mBefore.toFixed(1)} before, ${load.loadAverage1mAfter.toFixed(1)} after (other processes share the machine).`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const result = {
    benchmark: 'api',
    date: new Date().toISOString(),
    node: process.version,
    clients: CLIENTS,
    scale: SCALE,
    machine: load,
    notes: 'HTTPS over HTTP/2 with client certificates; server, store and clients share one process; SQLite store with synchronous=full. In-process rows: the in-process transport over the in-memory store.',
    rows,
  };
  writeFileSync(new URL('./results/api.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
