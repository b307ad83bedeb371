// npm run bench:store — the SQLite backend and a real etcd side by side.
// BENCH_STORE_CHURN sets the number of lease churn writes (default 20,000);
// BENCH_STORE_ONLY=sqlite|etcd runs one backend.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { EtcdStore, SqliteStore, type Store } from '../src/store/index.js';
import { startEtcd } from '../src/store/testing/etcd-server.js';
import { createsPerSecond, leaseChurn, listMilliseconds, pointReadsPerSecond, watchFanOut } from './store-workloads.js';

const churnWrites = Number(process.env.BENCH_STORE_CHURN ?? 20_000);
const listKeys = 10_000;

interface Row {
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  sqlite?: number;
  etcd?: number;
}

const rows: Row[] = [];
function record(backend: 'sqlite' | 'etcd', metric: string, unit: string, better: Row['better'], value: number): void {
  let row = rows.find((r) => r.metric === metric);
  if (!row) rows.push((row = { metric, unit, better }));
  row[backend] = value;
  console.error(`  ${backend} ${metric}: ${value.toFixed(1)} ${unit}`);
}

async function runWorkloads(backend: 'sqlite' | 'etcd', store: Store, size: () => Promise<number>, extra?: () => Record<string, [number, string]>): Promise<void> {
  console.error(`${backend}:`);
  record(backend, 'creates/s, 1 writer', 'ops/s', 'higher', (await createsPerSecond(store, '/registry/configmaps/one/cm-', 1, 2000)).value);
  record(backend, 'creates/s, 64 writers', 'ops/s', 'higher', (await createsPerSecond(store, '/registry/configmaps/list/cm-', 64, listKeys)).value);
  record(backend, 'point reads/s (64 concurrent)', 'ops/s', 'higher', (await pointReadsPerSecond(store, '/registry/configmaps/list/cm-', listKeys, 20_000)).value);
  record(backend, `list ${listKeys} keys`, 'ms', 'lower', (await listMilliseconds(store, '/registry/configmaps/list/', listKeys, 5)).value);
  record(backend, 'watch fan-out, 1000 watchers', 'events/s', 'higher', (await watchFanOut(store, '/registry/events/fan/', 1000, 100)).value);
  const churn = await leaseChurn(store, churnWrites, async () => {
    const target = (await store.currentRevision()) - 1000;
    if (target > (await store.compactedRevision())) await store.compact(target);
  });
  record(backend, `churn writes/s (${churnWrites}, compacting)`, 'ops/s', 'higher', churn.writesPerSecond);
  record(backend, 'churn p99 write latency', 'ms', 'lower', churn.p99WriteMs);
  record(backend, 'churn max write latency', 'ms', 'lower', churn.maxWriteMs);
  record(backend, 'size after churn + compaction', 'MiB', 'lower', (await size()) / 1024 / 1024);
  for (const [metric, [value, unit]] of Object.entries(extra?.() ?? {})) record(backend, metric, unit, 'lower', value);
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'engenho-bench-store-'));
  const path = join(dir, 'store.db');
  const store = new SqliteStore({ path, compaction: { intervalMs: 0 } });
  const fileSize = (file: string): number => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  try {
    await runWorkloads('sqlite', store, async () => fileSize(path) + fileSize(`${path}-wal`), () => ({
      'longest compaction step (write stall bound)': [store.compactionStats().longestStepMs, 'ms'],
      'writes per transaction (group commit, whole run)': [store.writeStats().writes / store.writeStats().transactions, 'writes'],
    }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchEtcd(): Promise<void> {
  const server = await startEtcd();
  const store = await EtcdStore.connect({ endpoints: [server.endpoint] });
  const admin = new Etcd3({ hosts: [server.endpoint] });
  try {
    await runWorkloads('etcd', store, async () => {
      const status = await admin.maintenance.status();
      return Number(status.dbSizeInUse || status.dbSize);
    });
  } finally {
    admin.close();
    await store.close();
    await server.stop();
  }
}

function printTable(): void {
  const header = ['metric', 'unit', 'sqlite', 'etcd', 'sqlite/etcd'];
  const lines = rows.map((row) => {
    const ratio = row.sqlite !== undefined && row.etcd ? row.sqlite / row.etcd : undefined;
    return [row.metric, row.unit, fmt(row.sqlite), fmt(row.etcd), ratio === undefined ? '-' : `${ratio.toFixed(2)}x (${row.better} is better)`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]): string => cells.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ');
  console.log(render(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const line of lines) console.log(render(line));
}

const fmt = (value: number | undefined): string => (value === undefined ? '-' : value >= 100 ? value.toFixed(0) : value.toFixed(2));

const only = process.env.BENCH_STORE_ONLY;
if (only !== 'etcd') await benchSqlite();
if (only !== 'sqlite') await benchEtcd();
printTable();
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/store-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), churnWrites, listKeys, rows }, null, 2) + '\n');
console.log(`\nchurn writes: ${churnWrites} (BENCH_STORE_CHURN); results written to ${file}`);
