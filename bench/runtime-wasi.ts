// WASI side of bench:runtime: one pod after another through WasiRuntime (sandbox + a container
// whose module sleeps in poll_oneoff), from the call until the runtime reports it running; each pod
// is removed once measured (a worker thread per running module would pile up).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WasiRuntime } from '../src/kubelet/runtimes/wasi/index.js';
import { assemble } from '../src/kubelet/runtimes/wasi/testing/wat-modules.js';

// a WASI command that sleeps forever, 10 ms at a time (one clock subscription at 128 to poll_oneoff):
// a worker blocked in one long sleep could not be terminated until it woke
export const SLEEP_WAT = `(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store8 (i32.const 136) (i32.const 0))
    (i32.store (i32.const 144) (i32.const 1))
    (i64.store (i32.const 152) (i64.const 10000000))
    (loop $forever
      (drop (call $poll (i32.const 128) (i32.const 256) (i32.const 1) (i32.const 512)))
      (br $forever))))`;

export async function measureWasi(pods: number): Promise<{ version: string; samplesMs: number[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'engenho-bench-wasi-'));
  const runtime = new WasiRuntime();
  try {
    const modulePath = join(dir, 'sleep.wasm');
    await writeFile(modulePath, await assemble(SLEEP_WAT));
    const image = pathToFileURL(modulePath).href;
    const samplesMs: number[] = [];
    for (let i = -1; i < pods; i++) {
      const ms = await startPod(runtime, image, i);
      if (i >= 0) samplesMs.push(ms);
      if (process.env.BENCH_VERBOSE) console.error(`wasi pod ${i}: ${Math.round(ms)} ms`);
    }
    return { version: runtime.version, samplesMs };
  } finally {
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function startPod(runtime: WasiRuntime, image: string, i: number): Promise<number> {
  const start = performance.now();
  const sandbox = await runtime.runPodSandbox({ podUid: `wasi-uid-${i}`, namespace: 'bench', name: `wasi-${i}`, annotations: {}, runtimeClassName: 'wasm' });
  const changed = new Set<() => void>();
  const unsubscribe = runtime.onChange((change) => {
    if (change.sandboxId === sandbox.id) for (const wake of changed) wake();
  });
  try {
    await runtime.startContainer(sandbox.id, { name: 'app', image, annotations: {}, attempt: 0, init: false });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const state = runtime.listContainers(sandbox.id)[0]?.state;
      if (state === 'running') break;
      if (state === 'exited') throw new Error(`wasi pod ${i} exited instead of running: ${JSON.stringify(runtime.listContainers(sandbox.id)[0])}`);
      if (Date.now() > deadline) throw new Error(`wasi pod ${i} not running after 60 s (state ${state})`);
      // the next change of this sandbox, or 50 ms
      await new Promise<void>((resolve) => {
        const wake = () => {
          changed.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 50);
        changed.add(wake);
      });
    }
  } finally {
    unsubscribe();
  }
  const ms = performance.now() - start;
  await runtime.removePodSandbox(sandbox.id);
  return ms;
}

