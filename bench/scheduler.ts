// npm run bench:scheduler — scheduling decisions per second, in memory (no API, no binding I/O):
// 10,000 pods onto 1,000 nodes with the default profile, as the loop does it (schedule, assume).
// Scenarios: plain requests; zone topology spread (DoNotSchedule); per-host anti-affinity within an
// app; and the whole Scheduler loop (queue, cycle, no-op writes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from '../src/api/index.js';
import { CycleState, defaultProfile, newPodInfo, PodScheduler, Scheduler, SchedulerCache, type SchedulerApi } from '../src/scheduler/index.js';
import { makeNode, makePod } from '../src/scheduler/testing/builders.js';

const nodeCount = Number(process.env.BENCH_NODES ?? 1000);
const podCount = Number(process.env.BENCH_PODS ?? 10_000);
const zones = 10;

interface Row {
  scenario: string;
  nodes: number;
  pods: number;
  scheduled: number;
  seconds: number;
  podsPerSecond: number;
}

function nodes() {
  return Array.from({ length: nodeCount }, (_, i) =>
    makeNode(`node-${i}`, { cpu: '16', memory: '64Gi', pods: '110', labels: { 'topology.kubernetes.io/zone': `zone-${i % zones}` } }),
  );
}

type PodMaker = (i: number) => Pod;

const plain: PodMaker = (i) => makePod(`pod-${i}`, { labels: { app: `app-${i % 50}` }, requests: { cpu: '100m', memory: '128Mi' } });

const spread: PodMaker = (i) => {
  const pod = plain(i);
  pod.spec!.topologySpreadConstraints = [
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: `app-${i % 50}` } } },
  ];
  return pod;
};

const antiAffinity: PodMaker = (i) => {
  const pod = plain(i);
  pod.spec!.affinity = {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: `app-${i % 50}` } } }],
    },
  };
  return pod;
};

function runAlgorithm(scenario: string, makeOne: PodMaker, count = podCount): Row {
  const cache = new SchedulerCache();
  for (const node of nodes()) cache.setNode(node);
  const scheduler = new PodScheduler(defaultProfile(async () => {}));
  const infos = Array.from({ length: count }, (_, i) => newPodInfo(makeOne(i)));
  let scheduled = 0;
  const start = performance.now();
  for (const info of infos) {
    try {
      const result = scheduler.schedule(new CycleState(cache), info);
      cache.assumePod(info, result.nodeName);
      scheduled++;
    } catch {
      // unschedulable: counted by the difference
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { scenario, nodes: nodeCount, pods: count, scheduled, seconds, podsPerSecond: Math.round(count / seconds) };
}

async function runLoop(): Promise<Row> {
  const api: SchedulerApi = { bind: async () => {}, setPodScheduledCondition: async () => {}, recordEvent: async () => {} };
  const scheduler = new Scheduler({ api, maxInFlightBindings: 1_000_000 });
  for (const node of nodes()) scheduler.onNodeAdd(node);
  const pods = Array.from({ length: podCount }, (_, i) => plain(i));
  const start = performance.now();
  for (const pod of pods) scheduler.onPodAdd(pod);
  while (scheduler.scheduleOne()) {
    // each cycle is synchronous; bindings resolve below
  }
  await scheduler.settled();
  const seconds = (performance.now() - start) / 1000;
  return { scenario: 'Scheduler loop (queue + cycle + no-op writes)', nodes: nodeCount, pods: podCount, scheduled: scheduler.stats.scheduled, seconds, podsPerSecond: Math.round(podCount / seconds) };
}

// Warm the JIT on a small run so the first scenario is not penalised.
runAlgorithm('warm-up', plain, 500);
const rows: Row[] = [
  runAlgorithm('requests only (default profile)', plain),
  runAlgorithm('+ zone topology spread, DoNotSchedule', spread),
  runAlgorithm('+ per-host required anti-affinity', antiAffinity),
  await runLoop(),
];

console.log(`scheduler benchmark: ${podCount} pods on ${nodeCount} nodes, in memory (node ${process.version})`);
console.table(rows.map((r) => ({ ...r, seconds: Number(r.seconds.toFixed(3)) })));
const directory = join(import.meta.dirname, 'results');
mkdirSync(directory, { recursive: true });
const file = join(directory, 'scheduler.json');
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n');
console.log(`wrote ${file}`);
