// The API server's own cost per request, without TLS or sockets: the in-process transport (as the
// density benchmark's components use it) over the in-memory store, against that store alone.
// Writes are the density write mix: creates, PUTs, status PUTs, merge PATCHes, watch fan-out of updates.
import { createApiContext, createInProcessTransport } from '../src/apiserver/index.js';
import { ensureSystemNamespaces } from '../src/apiserver/bootstrap-namespaces.js';
import { createMemoryStore } from '../src/apiserver/testing/memory-store.js';
import { measure, type Measured } from './api-client.js';

export interface InProcessRow {
  operation: string;
  api: Measured;
  store: Measured;
}

const pod = (name: string, generation = 0) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'bench', labels: { app: 'bench', tier: 'web' }, annotations: { 'bench/generation': String(generation) } },
  spec: {
    nodeName: 'node-1',
    containers: [{ name: 'app', image: 'registry.example/app:1.0', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
  },
});

const podStatus = (round: number) => ({
  phase: 'Running',
  podIP: `10.0.${round % 250}.${(round >> 8) % 250}`,
  conditions: [
    { type: 'Ready', status: round % 2 === 0 ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:00Z' },
    { type: 'ContainersReady', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
  ],
  containerStatuses: [{ name: 'app', ready: true, restartCount: round, image: 'registry.example/app:1.0', imageID: '', started: true, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
});

function expectStatus(status: number, wanted: number, what: string, body: string): void {
  if (status !== wanted) throw new Error(`${what}: HTTP ${status} (wanted ${wanted}): ${body.slice(0, 300)}`);
}

export async function inProcessRows(scale: number, clients: number): Promise<InProcessRow[]> {
  const count = Math.round(3000 * scale);
  const store = createMemoryStore();
  const bare = createMemoryStore();
  const ctx = createApiContext({ store });
  await ensureSystemNamespaces(store, new Date());
  const transport = createInProcessTransport(ctx, { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
  const json = (method: string, path: string, body?: unknown, contentType = 'application/json') =>
    transport.request({ method, path, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': contentType } });
  const ns = await json('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  expectStatus(ns.status, 201, 'create namespace', ns.body);
  const rows: InProcessRow[] = [];
  const path = (i: number) => `/api/v1/namespaces/bench/pods/pod-${i}`;
  const key = (i: number) => `/registry/pods/bench/pod-${i}`;
  const storedPod = (i: number, extra: Record<string, unknown> = {}) => JSON.stringify({ ...pod(`pod-${i}`), ...extra, metadata: { ...pod(`pod-${i}`).metadata, uid: `uid-${i}`, creationTimestamp: '2026-01-01T00:00:00Z' } });
  const revisions = new Map<number, number>();
  const bareUpdate = async (i: number, value: string) => {
    const kv = await bare.update(key(i), value, revisions.get(i)!);
    revisions.set(i, kv.modRevision);
  };

  rows.push({
    operation: 'in-process create (pod)',
    api: await measure(count, clients, async (i) => {
      const response = await json('POST', '/api/v1/namespaces/bench/pods', pod(`pod-${i}`));
      expectStatus(response.status, 201, 'create', response.body);
    }),
    store: await measure(count, clients, async (i) => void revisions.set(i, (await bare.create(key(i), storedPod(i))).modRevision)),
  });

  rows.push({
    operation: 'in-process get (pod)',
    api: await measure(count, clients, async (i) => {
      const response = await json('GET', path((i * 7919) % count));
      expectStatus(response.status, 200, 'get', response.body);
    }),
    store: await measure(count, clients, async (i) => void JSON.parse((await bare.get(key((i * 7919) % count))).kv!.value)),
  });

  rows.push({
    operation: 'in-process update (PUT)',
    api: await measure(count, clients, async (i) => {
      const current = await json('GET', path(i));
      const object = JSON.parse(current.body) as { metadata: { annotations: Record<string, string> } };
      object.metadata.annotations['bench/generation'] = '1';
      const response = await json('PUT', path(i), object);
      expectStatus(response.status, 200, 'update', response.body);
    }),
    store: await measure(count, clients, async (i) => bareUpdate(i, storedPod(i, { generation: 1 }))),
  });

  rows.push({
    operation: 'in-process update (PUT) status',
    api: await measure(count, clients, async (i) => {
      const object = { ...pod(`pod-${i}`), status: podStatus(1) };
      const response = await json('PUT', `${path(i)}/status`, object);
      expectStatus(response.status, 200, 'update status', response.body);
    }),
    store: await measure(count, clients, async (i) => bareUpdate(i, storedPod(i, { status: podStatus(1) }))),
  });

  rows.push({
    operation: 'in-process PATCH merge (status)',
    api: await measure(count, clients, async (i) => {
      const response = await json('PATCH', `${path(i)}/status`, { status: podStatus(2) }, 'application/merge-patch+json');
      expectStatus(response.status, 200, 'patch', response.body);
    }),
    store: await measure(count, clients, async (i) => bareUpdate(i, storedPod(i, { status: podStatus(2) }))),
  });

  rows.push({
    operation: 'in-process PATCH merge (labels)',
    api: await measure(count, clients, async (i) => {
      const response = await json('PATCH', path(i), { metadata: { labels: { round: '3' } } }, 'application/merge-patch+json');
      expectStatus(response.status, 200, 'patch', response.body);
    }),
    store: await measure(count, clients, async (i) => bareUpdate(i, storedPod(i, { status: podStatus(3) }))),
  });

  const watchers = 16;
  const writes = Math.round(count / 3);
  rows.push({
    operation: `in-process watch events delivered (${watchers} watchers, status updates)`,
    api: await fanOut(
      watchers,
      writes,
      async (onEvent) => {
        const stream = await transport.stream({ method: 'GET', path: '/api/v1/namespaces/bench/pods', query: { watch: true, resourceVersion: String(await store.currentRevision()) } });
        void (async () => {
          for await (const chunk of stream.body) for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) onEvent();
        })();
        return () => stream.close();
      },
      async (i) => {
        const response = await json('PATCH', `${path(i)}/status`, { status: podStatus(4 + i) }, 'application/merge-patch+json');
        expectStatus(response.status, 200, 'patch', response.body);
      },
    ),
    store: await fanOut(
      watchers,
      writes,
      async (onEvent) => {
        const watch = bare.watch('/registry/pods/bench/');
        void (async () => {
          for await (const event of watch) if (event.type !== 'progress') onEvent();
        })();
        return () => watch.close();
      },
      async (i) => bareUpdate(i, storedPod(i, { status: podStatus(4 + i) })),
    ),
  });
  await store.close();
  await bare.close();
  return rows;
}

async function fanOut(watchers: number, writes: number, open: (onEvent: () => void) => Promise<() => void>, write: (i: number) => Promise<void>): Promise<Measured> {
  let received = 0;
  const expected = watchers * writes;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const closers = await Promise.all(Array.from({ length: watchers }, () => open(() => ++received === expected && done())));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = performance.now();
  for (let i = 0; i < writes; i++) await write(i);
  await all;
  const seconds = (performance.now() - started) / 1000;
  for (const close of closers) close();
  return { opsPerSecond: expected / seconds, p50Ms: 0, p99Ms: 0 };
}
