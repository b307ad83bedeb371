// Child process of the crash test: 64 concurrent writers on a SQLite store, printing
// "ack <key> <modRevision> <value>" on stdout after each write resolved, until killed.
import { SqliteStore } from '../sqlite/sqlite-store.js';

const path = process.argv[2];
const writers = Number(process.argv[3] ?? 64);
const store = new SqliteStore({ path, compaction: { intervalMs: 0 } });

async function writer(id: number): Promise<void> {
  const modRevisions = new Map<string, number>();
  for (let count = 0; ; count++) {
    const key = `/registry/crash/w${id}-k${count % 4}`;
    const value = `w${id}-${count}`;
    const previous = modRevisions.get(key);
    const kv = previous === undefined ? await store.create(key, value) : await store.update(key, value, previous);
    modRevisions.set(key, kv.modRevision);
    process.stdout.write(`ack ${key} ${kv.modRevision} ${value}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
