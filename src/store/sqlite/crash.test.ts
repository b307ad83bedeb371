import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { collectChanges } from '../testing/collect.js';
import { SqliteStore } from './sqlite-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'engenho-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ack {
  key: string;
  modRevision: number;
  value: string;
}

/** Runs the writer child until it acknowledged `count` writes, then kills it with SIGKILL. */
function runAndKill(path: string, count: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, '../testing/crash-writer.ts'), path, '64'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [tag, key, modRevision, value] = line.split(' ');
        if (tag === 'ack') acks.push({ key, modRevision: Number(modRevision), value });
      }
      if (acks.length >= count && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`writer exited early (code ${code}): ${stderr}`));
    });
  });
}

describe('SQLite store crash safety', () => {
  it('keeps every acknowledged write across kill -9, with contiguous revisions and a gapless watch resume', async () => {
    const path = join(dir, 'crash.db');
    const acks = await runAndKill(path, 3000);
    expect(acks.length).toBeGreaterThanOrEqual(3000);

    const store = new SqliteStore({ path, compaction: { intervalMs: 0 }, watchWindow: { maxEvents: 100 } });
    try {
      const current = await store.currentRevision();
      const lastAcked = Math.max(...acks.map((a) => a.modRevision));
      expect(current).toBeGreaterThanOrEqual(lastAcked);
      for (const ack of acks) {
        const { kv } = await store.get(ack.key, { revision: ack.modRevision });
        expect(kv).toMatchObject({ key: ack.key, modRevision: ack.modRevision, value: ack.value });
      }
      // Every revision from the first write to the current one is in the log, once.
      const replay = await collectChanges(store.watch('/registry/', { fromRevision: 2 }), (events) => events.at(-1)?.kv.modRevision === current);
      expect(replay.map((e) => e.kv.modRevision)).toEqual(Array.from({ length: current - 1 }, (_, i) => i + 2));

      // A watcher that had seen up to the last acknowledged revision resumes with no gap, into new writes.
      const resumed = store.watch('/registry/', { fromRevision: lastAcked + 1 });
      const fresh = await store.create('/registry/crash/after-restart', 'v');
      expect(fresh.modRevision).toBe(current + 1);
      const events = await collectChanges(resumed, (e) => e.at(-1)?.kv.modRevision === fresh.modRevision);
      expect(events.map((e) => e.kv.modRevision)).toEqual(Array.from({ length: fresh.modRevision - lastAcked }, (_, i) => lastAcked + 1 + i));
    } finally {
      await store.close();
    }
  });
});
