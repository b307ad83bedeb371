// npm run bench:runtime — pod startup latency, one pod after another:
// - through the API: a pod created with spec.nodeName until its phase is Running, on a kubelet with
//   the runtime `engenho up --runtime podman` builds (runtime-cluster.ts);
// - at the ContainerRuntime level: pod sandbox + container until it runs (runtime-podman.ts,
//   runtime-wasi.ts);
// - `podman run -d` of the same image from the CLI in the same run: the baseline of the ratios.
// 20 Podman pods and 200 WASI pods by default (BENCH_PODMAN_PODS, BENCH_WASI_PODS);
// BENCH_VERBOSE=1 prints each WASI pod of the runtime-level run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { measureCluster } from './runtime-cluster.js';
import { measurePodman } from './runtime-podman.js';
import { summarize, type LatencySummary } from './runtime-stats.js';
import { measureWasi } from './runtime-wasi.js';

const podmanPods = Number(process.env.BENCH_PODMAN_PODS ?? 20);
const wasiPods = Number(process.env.BENCH_WASI_PODS ?? 200);

interface Row extends LatencySummary {
  scenario: string;
  runtime: string;
}

const podman = await measurePodman(podmanPods);
console.error(`runtime level: ${podmanPods} podman pods and as many podman runs measured`);
const wasi = await measureWasi(wasiPods);
console.error(`runtime level: ${wasiPods} wasi pods measured`);
const cluster = await measureCluster(podmanPods, wasiPods);
console.error(`through the API: ${podmanPods} podman and ${wasiPods} wasi pods measured`);

const baseline: Row = { scenario: 'podman run -d (CLI, baseline)', runtime: podman.version, ...summarize(podman.podmanRunMs) };
const rows: Row[] = [
  { scenario: 'podman pod: API create -> Running', runtime: podman.version, ...summarize(cluster.podmanMs) },
  { scenario: 'podman pod: PodmanRuntime sandbox + container', runtime: podman.version, ...summarize(podman.runtimeMs) },
  baseline,
  { scenario: 'wasi pod: API create -> Running', runtime: wasi.version, ...summarize(cluster.wasiMs) },
  { scenario: 'wasi pod: WasiRuntime sandbox + container', runtime: wasi.version, ...summarize(wasi.samplesMs) },
];
const ratio = (row: Row) => ({ p50: round2(row.p50Ms / baseline.p50Ms), p99: round2(row.p99Ms / baseline.p99Ms) });
const ratios = { apiOverPodmanRun: ratio(rows[0]), runtimeOverPodmanRun: ratio(rows[1]) };

console.log('pod startup latency, ms (one pod after another)');
console.table(rows.map(({ scenario, runtime, count, p50Ms, p99Ms, meanMs, maxMs }) => ({ scenario, runtime, pods: count, p50: p50Ms, p99: p99Ms, mean: meanMs, max: maxMs })));
console.log(`over podman run: API create -> Running p50 x${ratios.apiOverPodmanRun.p50}, p99 x${ratios.apiOverPodmanRun.p99}; PodmanRuntime p50 x${ratios.runtimeOverPodmanRun.p50}, p99 x${ratios.runtimeOverPodmanRun.p99}`);

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/runtime.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'runtime', node: process.version, date: new Date().toISOString(), rows, ratios }, null, 2)}\n`,
);

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
