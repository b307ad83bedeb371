// npm run bench:managed-fields — cost of the managedFields bookkeeping every create/update/patch does
// (updateManagedFields), on the writes a density run is made of: pods created from a template, the
// scheduler's binding, the kubelet's status patches, node lease renewals, events, ReplicaSet status.
// Inputs are JSON-decoded per object, as the API server's storage hands them over, and cycled over
// 4,000 distinct objects per shape. "before" is the straightforward implementation the fast paths
// replaced (src/machinery/apply/testing/reference), timed in the same run, alternating with the current one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { definition } from '../src/api/index.js';
import { densityNow as now, densityWrites as shapes, type DensityWrite as Write, type Obj } from '../src/machinery/apply/testing/density-writes.js';
import { createSchemaWalker } from '../src/machinery/schema-walk.js';
import { updateManagedFields } from '../src/machinery/apply/index.js';
import { updateManagedFields as referenceUpdate } from '../src/machinery/apply/testing/reference/update-managed-fields.js';

interface Row {
  operation: string;
  /** The straightforward implementation these fast paths replaced (testing/reference), same run. */
  referenceMicroseconds: number;
  microsecondsPerOp: number;
  opsPerSecond: number;
  speedup: number;
}

type Update = typeof updateManagedFields;

const walker = createSchemaWalker((ref) => definition(ref));
const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const POOL = 4000;
const ROUNDS = 4;

/** Microseconds per write over ~`budget` ms of `implementation` cycling through the pool. */
function time(implementation: Update, pool: Write[], schema: Obj, budget: number): number {
  let operations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budget) {
    for (let i = 0; i < 100; i++) {
      const { live, updated, manager, subresource } = pool[(operations + i) % POOL];
      implementation({ live, updated, manager, walker, rootSchema: schema, now, subresource });
    }
    operations += 100;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / operations;
}

/** Both implementations in alternating rounds, so load from other processes hits them alike; best round each. */
function measure(operation: string, schema: Obj, write: (i: number) => Write): Row {
  // JSON round trips: distinct objects as storage decodes them, nothing shared between writes.
  const pool = Array.from({ length: POOL }, (_, i) => fresh(write(i)));
  time(referenceUpdate, pool, schema, 300);
  time(updateManagedFields, pool, schema, 300);
  let reference = Infinity;
  let current = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    reference = Math.min(reference, time(referenceUpdate, pool, schema, 400));
    current = Math.min(current, time(updateManagedFields, pool, schema, 400));
  }
  return {
    operation,
    referenceMicroseconds: Number(reference.toFixed(2)),
    microsecondsPerOp: Number(current.toFixed(2)),
    opsPerSecond: Math.round(1e6 / current),
    speedup: Number((reference / current).toFixed(2)),
  };
}

const rows = Object.entries(shapes).map(([operation, { schema, write }]) => measure(operation, schema, write));

console.log('| updateManagedFields on | before µs/op | µs/op | ops/s | speedup |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.operation} | ${row.referenceMicroseconds} | ${row.microsecondsPerOp} | ${row.opsPerSecond} | ${row.speedup}× |`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/managed-fields.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
