// Compiled modules by content hash (and memory cap, which is written into the binary), so the 200th
// pod of the same module starts without compiling it again. A module whose initial memory is
// already above the cap is not compiled: it is reported as such.
import { createHash } from 'node:crypto';
import { capMemory, type MemoryLimits } from './wasm-memory.js';
import { webAssembly, type WasmModule } from './webassembly.js';

export type PreparedModule =
  | { imageID: string; module: WasmModule; memories: MemoryLimits[] }
  | { imageID: string; tooLarge: { initialPages: number } };

export class ModuleCache {
  private readonly entries = new Map<string, Promise<PreparedModule>>();

  constructor(private readonly maxEntries = 64) {}

  /** Rejects with a readable message when the bytes are not a valid module. */
  prepare(bytes: Uint8Array, capPages: number): Promise<PreparedModule> {
    const digest = createHash('sha256').update(bytes).digest('hex');
    const key = `${digest}:${capPages}`;
    let entry = this.entries.get(key);
    if (entry) {
      // Most recently used last, so eviction drops the oldest.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    entry = compile(bytes, capPages, `sha256:${digest}`);
    entry.catch(() => this.entries.delete(key));
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}

async function compile(bytes: Uint8Array, capPages: number, imageID: string): Promise<PreparedModule> {
  const capped = capMemory(bytes, capPages);
  const initialPages = Math.max(0, ...capped.memories.map((memory) => memory.initial));
  if (initialPages > capPages) return { imageID, tooLarge: { initialPages } };
  const module = await webAssembly.compile(capped.bytes).catch((error: unknown) => {
    throw new Error(`not a valid WebAssembly module: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { imageID, module, memories: capped.memories };
}
