// npm run bench:runtime — pod startup latency (create -> Running) at the ContainerRuntime level:
// 20 Podman pods (pod sandbox with its infra container + one busybox container, one after another)
// against `podman run -d` of the same image in the same run (the overhead ratio), and 200 WASI pods
// when the WASI runtime is in this build. BENCH_PODMAN_PODS / BENCH_WASI_PODS change the counts;
// BENCH_VERBOSE=1 prints each WASI pod.
import { mkdirSync, writeFileSync } from 'node:fs';
import { measurePodman } from './runtime-podman.js';
import { summarize, type LatencySummary } from './runtime-stats.js';
import { measureWasi } from './runtime-wasi.js';

const podmanPods = Number(process.env.BENCH_PODMAN_PODS ?? 20);
const wasiPods = Number(process.env.BENCH_WASI_PODS ?? 200);

interface Row extends LatencySummary {
  scenario: string;
  runtime: string;
}

const rows: Row[] = [];
const podman = await measurePodman(podmanPods);
const viaRuntime = { scenario: 'podman pod via PodmanRuntime', runtime: podman.version, ...summarize(podman.runtimeMs) };
const viaCli = { scenario: 'podman run -d (CLI, baseline)', runtime: podman.version, ...summarize(podman.podmanRunMs) };
rows.push(viaRuntime, viaCli);
console.error(`podman: ${podmanPods} pods measured`);
const wasi = await measureWasi(wasiPods);
console.error(`wasi: ${wasiPods} pods measured`);
if (wasi) rows.push({ scenario: 'wasi pod via WasiRuntime', runtime: wasi.version, ...summarize(wasi.samplesMs) });

const ratio = { p50: round2(viaRuntime.p50Ms / viaCli.p50Ms), p99: round2(viaRuntime.p99Ms / viaCli.p99Ms) };
console.log('pod startup latency (create -> container running), ms');
console.table(rows.map(({ scenario, runtime, count, p50Ms, p99Ms, meanMs, maxMs }) => ({ scenario, runtime, pods: count, p50: p50Ms, p99: p99Ms, mean: meanMs, max: maxMs })));
console.log(`PodmanRuntime / podman run: p50 x${ratio.p50}, p99 x${ratio.p99}`);
if (!wasi) console.log('wasi: not in this build (src/kubelet/runtimes/wasi), skipped');

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/runtime.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'runtime', node: process.version, date: new Date().toISOString(), rows, podmanOverRunRatio: ratio }, null, 2)}\n`,
);

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
