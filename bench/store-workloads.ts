// The store benchmark's workloads, each run against any Store.
import type { Store } from '../src/store/index.js';

export interface WorkloadResult {
  value: number;
  unit: string;
  note?: string;
}

const seconds = (startedMs: number): number => (performance.now() - startedMs) / 1000;

export async function createsPerSecond(store: Store, prefix: string, writers: number, total: number): Promise<WorkloadResult> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < total; i = next++) await store.create(`${prefix}${String(i).padStart(6, '0')}`, objectJson(i));
    }),
  );
  return { value: total / seconds(started), unit: 'ops/s', note: `${total} creates` };
}

export async function pointReadsPerSecond(store: Store, prefix: string, keys: number, reads: number): Promise<WorkloadResult> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < reads; i = next++) {
        const { kv } = await store.get(`${prefix}${String((i * 7919) % keys).padStart(6, '0')}`);
        if (!kv) throw new Error('benchmark: missing key');
      }
    }),
  );
  return { value: reads / seconds(started), unit: 'ops/s', note: `${reads} gets, 64 concurrent` };
}

export async function listMilliseconds(store: Store, prefix: string, expected: number, rounds: number): Promise<WorkloadResult> {
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    const { kvs } = await store.list(prefix);
    if (kvs.length !== expected) throw new Error(`benchmark: listed ${kvs.length} keys, expected ${expected}`);
  }
  return { value: (performance.now() - started) / rounds, unit: 'ms', note: `${expected} keys, mean of ${rounds}` };
}

/** 1,000 watchers on one prefix; events/s delivered to all of them. */
export async function watchFanOut(store: Store, prefix: string, watchers: number, events: number): Promise<WorkloadResult> {
  const from = (await store.currentRevision()) + 1;
  const warmKey = `${prefix}warm`;
  let readyCount = 0;
  let allReady!: () => void;
  const everyoneReady = new Promise<void>((resolve) => (allReady = resolve));
  const ready = (): void => {
    if (++readyCount === watchers) allReady();
  };
  const consumers = Array.from({ length: watchers }, async () => {
    const watch = store.watch(prefix, { fromRevision: from, progressIntervalMs: 60_000 });
    let seen = 0;
    let startedAt = 0;
    for await (const event of watch) {
      if (event.type === 'progress') continue;
      if (event.kv.key === warmKey) {
        ready();
        startedAt = 1;
        continue;
      }
      if (startedAt && ++seen === events) break;
    }
    watch.close();
  });
  // A first event proves every watcher is attached before timing starts.
  await store.create(warmKey, 'warm');
  await everyoneReady;
  const started = performance.now();
  for (let i = 0; i < events; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, events - i) }, (_, j) => store.create(`${prefix}e${i + j}`, objectJson(i + j))));
  }
  await Promise.all(consumers);
  return { value: (watchers * events) / seconds(started), unit: 'events/s', note: `${watchers} watchers x ${events} events` };
}

export interface ChurnResult {
  writesPerSecond: number;
  maxWriteMs: number;
  p99WriteMs: number;
  compactions: number;
}

/** The same 100 lease keys rewritten `total` times by 100 writers while `compactEvery` runs beside. */
export async function leaseChurn(store: Store, total: number, compactEvery: () => Promise<void>): Promise<ChurnResult> {
  const latencies: number[] = [];
  let next = 0;
  let running = true;
  let compactions = 0;
  const compactor = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (!running) break;
      await compactEvery();
      compactions++;
    }
  })();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 100 }, async (_, k) => {
      const key = `/registry/leases/kube-node-lease/bench-node-${k}`;
      let modRevision = 0;
      for (let i = next++; i < total; i = next++) {
        const value = `{"kind":"Lease","spec":{"holderIdentity":"node-${k}","renewTime":"${i}"},"pad":"${'x'.repeat(300)}"}`;
        const began = performance.now();
        modRevision = modRevision === 0 ? (await store.create(key, value)).modRevision : (await store.update(key, value, modRevision)).modRevision;
        latencies.push(performance.now() - began);
      }
    }),
  );
  const elapsed = seconds(started);
  running = false;
  await compactor;
  latencies.sort((a, b) => a - b);
  return {
    writesPerSecond: total / elapsed,
    maxWriteMs: latencies[latencies.length - 1],
    p99WriteMs: latencies[Math.floor(latencies.length * 0.99)],
    compactions,
  };
}

const objectJson = (i: number): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'bench', uid: `uid-${i}` }, data: { index: String(i) } });
