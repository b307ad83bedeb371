// npm run bench:managed-fields — cost of the managedFields bookkeeping every create/update/patch does
// (updateManagedFields), on the writes a density run is made of: pods created from a template, the
// scheduler's binding, the kubelet's status patches, node lease renewals, events, ReplicaSet status.
// Inputs are JSON-decoded per pod, as the API server's storage hands them over, and cycled over
// 4,000 distinct objects per shape so per-object caches see density-like reuse, not one object.
import { mkdirSync, writeFileSync } from 'node:fs';
import { definition } from '../src/api/index.js';
import { densityNow as now, densityWrites as shapes, type DensityWrite as Write, type Obj } from '../src/machinery/apply/testing/density-writes.js';
import { createSchemaWalker } from '../src/machinery/schema-walk.js';
import { updateManagedFields } from '../src/machinery/apply/index.js';

interface Row {
  operation: string;
  opsPerSecond: number;
  microsecondsPerOp: number;
}

const walker = createSchemaWalker((ref) => definition(ref));
const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const POOL = 4000;

function measure(operation: string, schema: Obj, write: (i: number) => Write): Row {
  // JSON round trips: distinct objects as storage decodes them, nothing shared between writes.
  const pool = Array.from({ length: POOL }, (_, i) => fresh(write(i)));
  const run = (index: number) => {
    const { live, updated, manager, subresource } = pool[index % POOL];
    return updateManagedFields({ live, updated, manager, walker, rootSchema: schema, now, subresource });
  };
  for (let i = 0; i < POOL; i++) run(i);
  let operations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 1500) {
    for (let i = 0; i < 100; i++) run(operations + i);
    operations += 100;
    elapsed = performance.now() - start;
  }
  const opsPerSecond = operations / (elapsed / 1000);
  return { operation, opsPerSecond: Math.round(opsPerSecond), microsecondsPerOp: Number((1e6 / opsPerSecond).toFixed(2)) };
}

const rows = Object.entries(shapes).map(([operation, { schema, write }]) => measure(operation, schema, write));

console.log('| updateManagedFields on | ops/s | µs/op |');
console.log('|---|---:|---:|');
for (const row of rows) console.log(`| ${row.operation} | ${row.opsPerSecond} | ${row.microsecondsPerOp} |`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/managed-fields.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
