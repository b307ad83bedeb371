// The code each container's worker thread runs: instantiate the module with node:wasi (preview1),
// run `_start`, and tell the parent what happened. Writes to fd 1 and 2 are taken from the module's
// memory and posted to the parent (the container's log); stdin and the real stdout/stderr are
// /dev/null, so a module never touches the kubelet's own streams. The function is sent as source
// (an `eval` worker), which works the same from src/ under vitest and from dist/.
import type { WorkerOptions } from 'node:worker_threads';
import type { WasmInstance, WasmMemory, WasmModule, WebAssemblyApi } from './webassembly.js';

export interface WasiWorkerData {
  module: WasmModule;
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
}

export type WasiWorkerMessage =
  | { type: 'started' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; bytes: Uint8Array }
  | { type: 'exited'; exitCode: number; memoryBytes: number }
  | { type: 'trapped'; message: string; memoryBytes: number }
  | { type: 'failed'; message: string };

function wasiWorkerMain(require: NodeJS.Require): void {
  const { workerData, parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { WASI } = require('node:wasi') as typeof import('node:wasi');
  const { openSync, closeSync } = require('node:fs') as typeof import('node:fs');
  const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  const data = workerData as WasiWorkerData;
  const port = parentPort!;
  const devNull = openSync('/dev/null', 'r+');
  let memory: WasmMemory | undefined;
  const memoryBytes = (): number => memory?.buffer.byteLength ?? 0;
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: data.args,
      env: data.env,
      preopens: data.preopens,
      returnOnExit: true,
      stdin: devNull,
      stdout: devNull,
      stderr: devNull,
    });
    const imports = wasi.getImportObject() as Record<string, Record<string, (...args: number[]) => number>>;
    const preview1 = imports.wasi_snapshot_preview1;
    const fdWrite = preview1.fd_write;
    preview1.fd_write = (fd: number, iovs: number, iovsLength: number, writtenOut: number): number => {
      if ((fd !== 1 && fd !== 2) || !memory) return fdWrite(fd, iovs, iovsLength, writtenOut);
      const view = new DataView(memory.buffer);
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (let index = 0; index < iovsLength; index++) {
        const pointer = view.getUint32(iovs + index * 8, true);
        const length = view.getUint32(iovs + index * 8 + 4, true);
        if (pointer + length > memory.buffer.byteLength) return 21; // EFAULT
        chunks.push(new Uint8Array(memory.buffer, pointer, length));
        total += length;
      }
      const bytes = new Uint8Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      view.setUint32(writtenOut, total, true);
      if (total > 0) port.postMessage({ type: 'output', stream: fd === 1 ? 'stdout' : 'stderr', bytes }, [bytes.buffer]);
      return 0;
    };
    let instance: WasmInstance;
    try {
      instance = new wasm.Instance(data.module, imports);
    } catch (error) {
      port.postMessage({ type: 'failed', message: `wasm instantiation failed: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const exported = instance.exports.memory;
    if (exported instanceof wasm.Memory) memory = exported;
    port.postMessage({ type: 'started' });
    try {
      const exitCode = wasi.start(instance);
      port.postMessage({ type: 'exited', exitCode, memoryBytes: memoryBytes() });
    } catch (error) {
      const trap = error instanceof wasm.RuntimeError || error instanceof RangeError;
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage(trap ? { type: 'trapped', message: `wasm trap: ${message}`, memoryBytes: memoryBytes() } : { type: 'failed', message: `wasi start failed: ${message}` });
    }
  } catch (error) {
    port.postMessage({ type: 'failed', message: `wasi setup failed: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    closeSync(devNull);
  }
}

export const WASI_WORKER_SOURCE = `(${wasiWorkerMain.toString()})(require);`;

/** Worker options: an eval worker; no "WASI is experimental" warning on the kubelet's stderr per container. */
export function wasiWorkerOptions(data: WasiWorkerData, resourceLimits: WorkerOptions['resourceLimits']): WorkerOptions {
  return { eval: true, workerData: data, execArgv: ['--no-warnings'], resourceLimits };
}
