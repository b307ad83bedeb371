// npm run bench:catalog — cost of the generated catalog: generating it, loading it, looking things up.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findResource, resolveRef, resourceByShortName, resources, schemaCatalog } from '../src/api/index.js';
import type { SchemaNode } from '../src/api/index.js';
import { DEFAULT_OUTPUT_DIRECTORY, DEFAULT_SPEC_DIRECTORY, REPO_ROOT, runCodegen } from '../src/codegen/run-codegen.js';

interface Row {
  metric: string;
  value: number;
  unit: string;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(action: () => void, runs: number): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    action();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function opsPerSecond(action: (index: number) => void, operations: number): number {
  const start = performance.now();
  for (let index = 0; index < operations; index++) action(index);
  return operations / ((performance.now() - start) / 1000);
}

/** Visits every node reachable from a definition, following refs (each definition once). */
function walkAll(name: string): number {
  const seen = new Set<string>();
  let nodes = 0;
  const visit = (node: SchemaNode): void => {
    nodes++;
    if (node.$ref !== undefined) {
      if (seen.has(node.$ref)) return;
      seen.add(node.$ref);
      const resolved = resolveRef(node);
      if (resolved !== undefined) visitChildren(resolved);
      return;
    }
    visitChildren(node);
  };
  const visitChildren = (node: SchemaNode): void => {
    for (const child of Object.values(node.properties ?? {})) visit(child);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties);
    if (node.items !== undefined) visit(node.items);
  };
  visit({ $ref: name });
  return nodes;
}

const rows: Row[] = [];
const catalogPath = join(DEFAULT_OUTPUT_DIRECTORY, 'catalog.json');
const catalogBytes = readFileSync(catalogPath).length;
rows.push({ metric: 'catalog.json size', value: catalogBytes / 1024, unit: 'KiB' });
rows.push({ metric: 'catalog read + JSON.parse (median of 10)', value: timeMs(() => JSON.parse(readFileSync(catalogPath, 'utf8')), 10), unit: 'ms' });
rows.push({ metric: 'codegen --check, in memory (median of 3)', value: timeMs(() => runCodegen({ specDirectory: DEFAULT_SPEC_DIRECTORY, check: true }), 3), unit: 'ms' });
schemaCatalog();
const plurals = resources.map(({ group, version, plural }) => [group, version, plural] as const);
rows.push({ metric: 'findResource by plural', value: opsPerSecond((index) => findResource(...plurals[index % plurals.length]), 200_000), unit: 'ops/s' });
rows.push({ metric: 'resourceByShortName', value: opsPerSecond(() => resourceByShortName('deploy'), 200_000), unit: 'ops/s' });
let podNodes = 0;
rows.push({ metric: 'walk the whole Pod schema tree via resolveRef', value: timeMs(() => (podNodes = walkAll('io.k8s.api.core.v1.Pod')), 20), unit: 'ms' });
rows.push({ metric: 'nodes in the Pod schema tree', value: podNodes, unit: 'nodes' });

const width = Math.max(...rows.map(({ metric }) => metric.length));
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
for (const { metric, value, unit } of rows) console.log(`${metric.padEnd(width)}  ${value.toFixed(value >= 100 ? 0 : 2).padStart(12)}  ${unit}`);

const resultsDirectory = join(REPO_ROOT, 'bench/results');
mkdirSync(resultsDirectory, { recursive: true });
writeFileSync(join(resultsDirectory, 'catalog.json'), `${JSON.stringify({ benchmark: 'catalog', node: process.version, date: new Date().toISOString(), rows }, null, 2)}\n`);
