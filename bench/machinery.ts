// npm run bench:machinery — per-request cost of the object machinery on the API server's write path:
// selectors, defaulting, schema validation (built-in catalog), semantic validation, patches, quantities.
import { mkdirSync, writeFileSync } from 'node:fs';
import { definition, definitionNameForKind, resolveRef } from '../src/api/index.js';
import type { SchemaNode } from '../src/api/index.js';
import {
  applyBuiltinDefaults,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  canonicalQuantity,
  createSchemaWalker,
  matchesLabels,
  parseLabelSelector,
  pruneUnknownFields,
  validateAgainstSchema,
  validateBuiltin,
} from '../src/machinery/index.js';

interface Row {
  operation: string;
  opsPerSecond: number;
  microsecondsPerOp: number;
}

const walker = createSchemaWalker((ref) => definition(ref));
const deploymentSchema = resolveRef({ $ref: definitionNameForKind('apps', 'v1', 'Deployment') ?? '' }) as SchemaNode;

const deployment = applyBuiltinDefaults(
  { group: 'apps', kind: 'Deployment' },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }], resources: { limits: { cpu: '500m', memory: '128Mi' } } },
            { name: 'sidecar', image: 'busybox:1', args: ['sleep', '3600'] },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  },
);

function measure(operation: string, action: (index: number) => unknown): Row {
  for (let i = 0; i < 2000; i++) action(i);
  let operations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (let i = 0; i < 100; i++) action(operations + i);
    operations += 100;
    elapsed = performance.now() - start;
  }
  const opsPerSecond = operations / (elapsed / 1000);
  return { operation, opsPerSecond: Math.round(opsPerSecond), microsecondsPerOp: Number((1e6 / opsPerSecond).toFixed(2)) };
}

const selector = parseLabelSelector('app=web,tier in (front,back),!canary');
const labels = { app: 'web', tier: 'front' };
const smpPatch = { spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } };

const rows: Row[] = [
  measure('parseLabelSelector (3 requirements)', () => parseLabelSelector('app=web,tier in (front,back),!canary')),
  measure('matchesLabels', () => matchesLabels(selector, labels)),
  measure('applyBuiltinDefaults (Deployment)', () => applyBuiltinDefaults({ group: 'apps', kind: 'Deployment' }, deployment)),
  measure('validateAgainstSchema (Deployment, Strict)', () => validateAgainstSchema(deployment, deploymentSchema, walker, { unknownFields: 'Strict' })),
  measure('pruneUnknownFields (Deployment)', () => pruneUnknownFields(deployment, deploymentSchema, walker)),
  measure('validateBuiltin (Deployment)', () => validateBuiltin({ group: 'apps', kind: 'Deployment' }, deployment)),
  measure('applyStrategicMergePatch (Deployment)', () => applyStrategicMergePatch(deployment, smpPatch, deploymentSchema, walker)),
  measure('applyMergePatch (Deployment)', () => applyMergePatch(deployment, { spec: { replicas: 3 } })),
  measure('applyJsonPatch (Deployment, 2 ops)', () =>
    applyJsonPatch(deployment, [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ]),
  ),
  measure('canonicalQuantity', (i) => canonicalQuantity(i % 2 === 0 ? '1.5Gi' : '1500m')),
];

console.log('| operation | ops/s | µs/op |');
console.log('|---|---:|---:|');
for (const row of rows) console.log(`| ${row.operation} | ${row.opsPerSecond} | ${row.microsecondsPerOp} |`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/machinery.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
