// The code each container's worker thread runs: instantiate the module with node:wasi (preview1),
// run `_start`, and tell the parent what happened. Writes to fd 1 and 2 are taken from the module's
// memory and posted to the parent (the container's log); stdin and the real stdout/stderr are
// /dev/null, so a module never touches the kubelet's own streams. The code is sent as source (an
// `eval` worker, CommonJS), which works the same from src/ (vitest, tsx) and from dist/.
import type { WorkerOptions } from 'node:worker_threads';
import type { WasmModule } from './webassembly.js';

export interface WasiWorkerData {
  module: WasmModule;
  args: string[];
  env: Record<string, string>;
  preopens: Record<string, string>;
  /** Guest paths of the preopens the module may only read. */
  readOnly: string[];
  /** The parent sets [0] to 1 and notifies before it terminates the worker: a sleep ends at once. */
  wake: Int32Array;
}

export type WasiWorkerMessage =
  | { type: 'started' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; bytes: Uint8Array }
  | { type: 'exited'; exitCode: number; memoryBytes: number }
  | { type: 'trapped'; message: string; memoryBytes: number }
  | { type: 'failed'; message: string };

// It posts WasiWorkerMessages. Plain JavaScript, not a stringified function: transpilers rewrite functions (tsx adds `__name`
// calls that do not exist in the worker), but leave a string alone.
export const WASI_WORKER_SOURCE = String.raw`
'use strict';
const { workerData: data, parentPort: port } = require('node:worker_threads');
const { WASI } = require('node:wasi');
const { openSync, closeSync } = require('node:fs');
const devNull = openSync('/dev/null', 'r+');
let memory;
const memoryBytes = () => (memory ? memory.buffer.byteLength : 0);
const describe = (error) => (error instanceof Error ? error.message : String(error));
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
  const imports = wasi.getImportObject();
  const preview1 = imports.wasi_snapshot_preview1;
  const fdWrite = preview1.fd_write;
  preview1.fd_write = (fd, iovs, iovsLength, writtenOut) => {
    if ((fd !== 1 && fd !== 2) || !memory) return fdWrite(fd, iovs, iovsLength, writtenOut);
    const view = new DataView(memory.buffer);
    const chunks = [];
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
  // Read-only mounts: node:wasi has no read-only preopen, so every call that would change a file
  // under one (through its fd, or any fd opened from it) answers EROFS instead.
  const EROFS = 69;
  const readOnlyFds = new Set(Object.keys(data.preopens).map((path, index) => (data.readOnly.includes(path) ? index + 3 : -1)).filter((fd) => fd >= 0));
  const WRITE_RIGHTS = (1n << 6n) | (1n << 8n) | (1n << 22n); // fd_write, fd_allocate, fd_filestat_set_size
  const guard = (name, fdArguments) => {
    const original = preview1[name];
    preview1[name] = (...args) => (fdArguments.some((position) => readOnlyFds.has(args[position])) ? EROFS : original(...args));
  };
  guard('path_create_directory', [0]);
  guard('path_unlink_file', [0]);
  guard('path_remove_directory', [0]);
  guard('path_rename', [0, 3]);
  guard('path_symlink', [2]);
  guard('path_link', [0, 4]);
  guard('path_filestat_set_times', [0]);
  guard('fd_write', [0]);
  guard('fd_pwrite', [0]);
  guard('fd_allocate', [0]);
  guard('fd_filestat_set_size', [0]);
  guard('fd_filestat_set_times', [0]);
  const pathOpen = preview1.path_open;
  preview1.path_open = (fd, dirflags, path, pathLength, oflags, rightsBase, rightsInheriting, fdflags, fdOut) => {
    const readOnly = readOnlyFds.has(fd);
    // oflags creat (1) or trunc (8); fdflags append (1)
    if (readOnly && ((oflags & 9) !== 0 || (fdflags & 1) !== 0 || (BigInt(rightsBase) & WRITE_RIGHTS) !== 0n)) return EROFS;
    const errno = pathOpen(fd, dirflags, path, pathLength, oflags, rightsBase, rightsInheriting, fdflags, fdOut);
    if (errno === 0 && readOnly && memory) readOnlyFds.add(new DataView(memory.buffer).getUint32(fdOut, true));
    return errno;
  };
  const fdClose = preview1.fd_close;
  preview1.fd_close = (fd) => {
    const errno = fdClose(fd);
    if (errno === 0) readOnlyFds.delete(fd);
    return errno;
  };
  const fdRenumber = preview1.fd_renumber;
  preview1.fd_renumber = (from, to) => {
    const errno = fdRenumber(from, to);
    if (errno === 0) {
      if (readOnlyFds.delete(from)) readOnlyFds.add(to);
      else readOnlyFds.delete(to);
    }
    return errno;
  };
  // A sleep in uvwasi's poll_oneoff blocks the thread where terminate() cannot reach it, so a
  // sleeping module could not be stopped: clock-only polls sleep in Atomics.wait on data.wake instead.
  const pollOneoff = preview1.poll_oneoff;
  preview1.poll_oneoff = (subscriptions, events, count, eventsOut) => {
    if (!memory || count === 0) return pollOneoff(subscriptions, events, count, eventsOut);
    const view = new DataView(memory.buffer);
    const deadlines = [];
    for (let index = 0; index < count; index++) {
      const at = subscriptions + index * 48;
      if (view.getUint8(at + 8) !== 0) return pollOneoff(subscriptions, events, count, eventsOut);
      const clock = view.getUint32(at + 16, true);
      const timeoutNs = view.getBigUint64(at + 24, true);
      const absolute = (view.getUint16(at + 40, true) & 1) === 1;
      const nowNs = clock === 0 ? BigInt(Date.now()) * 1000000n : process.hrtime.bigint();
      const remainingNs = absolute ? timeoutNs - nowNs : timeoutNs;
      deadlines.push({ userdata: view.getBigUint64(at, true), at: performance.now() + Number(remainingNs > 0n ? remainingNs : 0n) / 1e6 });
    }
    const first = Math.min(...deadlines.map((deadline) => deadline.at));
    for (let left = first - performance.now(); left > 0 && Atomics.load(data.wake, 0) === 0; left = first - performance.now()) {
      Atomics.wait(data.wake, 0, 0, left);
    }
    const now = performance.now();
    let written = 0;
    for (const deadline of deadlines) {
      if (deadline.at > now && deadline.at !== first) continue;
      const at = events + written * 32;
      for (let offset = 0; offset < 32; offset += 4) view.setUint32(at + offset, 0, true);
      view.setBigUint64(at, deadline.userdata, true);
      written++;
    }
    view.setUint32(eventsOut, written, true);
    return 0;
  };
  let instance;
  try {
    instance = new WebAssembly.Instance(data.module, imports);
  } catch (error) {
    port.postMessage({ type: 'failed', message: 'wasm instantiation failed: ' + describe(error) });
  }
  if (instance) {
    if (instance.exports.memory instanceof WebAssembly.Memory) memory = instance.exports.memory;
    port.postMessage({ type: 'started' });
    try {
      const exitCode = wasi.start(instance);
      port.postMessage({ type: 'exited', exitCode, memoryBytes: memoryBytes() });
    } catch (error) {
      const trap = error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
      port.postMessage(trap ? { type: 'trapped', message: 'wasm trap: ' + describe(error), memoryBytes: memoryBytes() } : { type: 'failed', message: 'wasi start failed: ' + describe(error) });
    }
  }
} catch (error) {
  port.postMessage({ type: 'failed', message: 'wasi setup failed: ' + describe(error) });
} finally {
  closeSync(devNull);
}
`;

/** Worker options: an eval worker; no "WASI is experimental" warning on the kubelet's stderr per container. */
export function wasiWorkerOptions(data: WasiWorkerData, resourceLimits: WorkerOptions['resourceLimits']): WorkerOptions {
  return { eval: true, workerData: data, execArgv: ['--no-warnings'], resourceLimits };
}
