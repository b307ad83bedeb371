// npm run bench:density — the whole cluster in one process (API server on SQLite, controllers,
// scheduler, simulated nodes) with Deployments totalling many pods: pods/s from create to Running,
// scheduler throughput, p50/p99 startup latency, peak RSS and CPU. Each scenario runs in its own
// child process (bench/density-scenario.ts) so memory and CPU figures are its own.
//   --quick                  100 nodes, 2,000 pods
//   BENCH_DENSITY_NODES      default 1000
//   BENCH_DENSITY_PODS       default 30000
//   BENCH_DENSITY_LARGE=1    also 100,000 pods on the same nodes
//   BENCH_DENSITY_TIMEOUT_S  cap for the whole run, default 900 (each scenario reports how far it got)
//   BENCH_DENSITY_LATENCY_PODS  latency-phase pods after saturation, default 100 (0 = none)
//   BENCH_DENSITY_LATENCY_QPS   their creation rate, default 5/s
//   BENCH_DENSITY_CPU_PROF=1 write a V8 CPU profile per scenario to $TMPDIR/engenho-density-profiles/ and print its top functions
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuProfileByFolder, summarizeCpuProfile } from './density-profile.js';
import type { DensityResult } from './density-scenario.js';

interface Scenario {
  name: string;
  nodes: number;
  pods: number;
}

const quick = process.argv.includes('--quick');
const nodes = Number(process.env.BENCH_DENSITY_NODES ?? 1000);
const scenarios: Scenario[] = quick
  ? [{ name: 'quick', nodes: 100, pods: 2000 }]
  : [
      { name: 'default', nodes, pods: Number(process.env.BENCH_DENSITY_PODS ?? 30_000) },
      ...(process.env.BENCH_DENSITY_LARGE === '1' ? [{ name: 'large', nodes, pods: 100_000 }] : []),
    ];
const deadline = Date.now() + Number(process.env.BENCH_DENSITY_TIMEOUT_S ?? 900) * 1000;
const profile = process.env.BENCH_DENSITY_CPU_PROF === '1';
const resultsDir = join(import.meta.dirname, 'results');
// Outside the tree: profiles are tens of MB and not results to commit.
const profileDir = join(tmpdir(), 'engenho-density-profiles');

// node --cpu-prof writes one profile per thread (tsx's loader has its own); the largest is the main thread's.
function mainThreadProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  return files.map((name) => join(dir, name)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

function runScenario(scenario: Scenario, dir: string): Promise<{ result?: DensityResult; exit: string }> {
  if (profile) mkdirSync(dir, { recursive: true });
  const args = [
    '--import',
    'tsx',
    '--max-old-space-size=8192',
    ...(profile ? ['--cpu-prof', '--cpu-prof-dir', dir] : []),
    join(import.meta.dirname, 'density-scenario.ts'),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      DENSITY_SCENARIO: scenario.name,
      DENSITY_NODES: String(scenario.nodes),
      DENSITY_PODS: String(scenario.pods),
      DENSITY_DEADLINE_EPOCH_MS: String(deadline),
    },
  });
  let result: DensityResult | undefined;
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('DENSITY_RESULT ')) result = JSON.parse(line.slice('DENSITY_RESULT '.length)) as DensityResult;
    }
  });
  // Past the cap (plus time to report and shut down) the child is killed; whatever it reported stands.
  const killer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, deadline - Date.now()) + 90_000);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ result, exit: signal ? `signal ${signal}` : `code ${code}` });
    });
  });
}

const rows: DensityResult[] = [];
const failures: { scenario: string; exit: string }[] = [];
const profileFiles: (string | undefined)[] = [];
for (const scenario of scenarios) {
  if (Date.now() >= deadline) {
    failures.push({ scenario: scenario.name, exit: 'not started: time cap reached' });
    continue;
  }
  const dir = join(profileDir, `${scenario.name}-${Date.now()}`);
  const { result, exit } = await runScenario(scenario, dir);
  if (profile) profileFiles.push(mainThreadProfile(dir));
  if (result) rows.push(result);
  else failures.push({ scenario: scenario.name, exit: `no result (${exit})` });
}

console.table(
  rows.map((row) => ({
    scenario: row.scenario,
    nodes: row.nodes,
    pods: row.pods,
    running: row.runningPods,
    'create→Running s': row.createToRunningSeconds,
    'pods/s Running': row.podsRunningPerSecond,
    'sched pods/s': row.schedulerPodsPerSecond,
    'p50 ms': row.startupP50Ms,
    'p99 ms': row.startupP99Ms,
    'p99 to bound ms': row.toBoundP99Ms,
    'p99 bound→Running ms': row.boundToRunningP99Ms,
    'latency p50/p99 ms': row.latency ? `${row.latency.startupP50Ms}/${row.latency.startupP99Ms} (${row.latency.running}/${row.latency.pods})` : '',
    'peak RSS MiB': row.peakRssMiB,
    'CPU s': row.cpuSeconds,
    cores: row.cpuCores,
    note: row.note ?? '',
  })),
);
for (const row of rows) {
  console.log(`${row.scenario}: most frequent API requests:`, row.topRequests);
  console.log(`${row.scenario}: flow control at the end:`, row.flowControl.join('; '));
}
for (const failure of failures) console.log(`${failure.scenario}: ${failure.exit}`);
const goals = rows.map((row) => ({
  scenario: row.scenario,
  schedulingAtLeast1000PerSecond: row.schedulerPodsPerSecond >= 1000,
  // The SLO is measured as ClusterLoader2 does: on latency pods created at a low rate on the loaded cluster.
  p99StartupUnder5s: row.latency !== undefined && row.latency.running === row.latency.pods && row.latency.startupP99Ms < 5000,
  saturationP99StartupUnder5s: row.completed && row.startupP99Ms < 5000,
  ...(row.pods >= 100_000 ? { under4GiB: row.completed && row.peakRssMiB < 4096 } : {}),
}));
console.log('goals:', JSON.stringify(goals));

const profiles: Record<string, unknown> = {};
if (profile) {
  for (const file of profileFiles.filter((name) => name !== undefined)) {
    const top = summarizeCpuProfile(file, 25);
    const byFolder = cpuProfileByFolder(file).slice(0, 15);
    profiles[file] = { byFolder, top };
    console.log(`\nCPU profile ${file} — self time by folder:`);
    console.table(byFolder);
    console.log('top functions by self time:');
    console.table(top);
  }
}

mkdirSync(resultsDir, { recursive: true });
const out = join(resultsDir, `density-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, rows, failures, goals, profiles }, null, 2)}\n`);
console.log(`wrote ${out}`);
