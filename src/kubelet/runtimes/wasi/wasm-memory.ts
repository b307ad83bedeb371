// Reads the linear memories a WebAssembly binary defines and rewrites their declared maximum, so a
// memory cap holds inside the engine: `memory.grow` past the maximum returns -1 (the module sees an
// allocation failure), which no host-side check could enforce for a memory the module owns.
// Only the memory section (id 5) is touched; every other byte is copied as is.

export const WASM_PAGE_BYTES = 65_536;

export interface MemoryLimits {
  /** Pages at instantiation. */
  initial: number;
  /** Declared maximum in pages, if any. */
  maximum?: number;
}

export interface CappedModule {
  bytes: Uint8Array;
  /** The memories the module defines (not imported ones), as declared. */
  memories: MemoryLimits[];
}

const MEMORY_SECTION = 5;

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset = 0,
  ) {}

  byte(): number {
    if (this.offset >= this.bytes.length) throw new Error('not a WebAssembly module: unexpected end of the binary');
    return this.bytes[this.offset++];
  }

  /** An unsigned LEB128 (u32 or u64; pages and sizes stay far below 2^53). */
  uleb(): number {
    let result = 0;
    let scale = 1;
    for (let count = 0; count < 10; count++) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new Error('not a WebAssembly module: malformed LEB128 number');
  }
}

function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return out;
}

function checkHeader(bytes: Uint8Array): void {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((byte, index) => bytes[index] !== byte)) {
    throw new Error('not a WebAssembly module: the binary does not start with \\0asm');
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw new Error(`not a WebAssembly core module: binary format version ${bytes[4] | (bytes[5] << 8)} (only version 1 runs here)`);
  }
}

/** Each memory's limits and its flags byte (bit 0: has a maximum; bits 1-2: shared, memory64 — kept). */
function readMemories(reader: Reader): { flags: number; limits: MemoryLimits }[] {
  const memories: { flags: number; limits: MemoryLimits }[] = [];
  const count = reader.uleb();
  for (let index = 0; index < count; index++) {
    const flags = reader.byte();
    if (flags > 0x07) throw new Error(`not a WebAssembly module: unknown memory limits flags 0x${flags.toString(16)}`);
    const initial = reader.uleb();
    memories.push({ flags, limits: (flags & 0x01) === 1 ? { initial, maximum: reader.uleb() } : { initial } });
  }
  return memories;
}

/** The memories `bytes` defines, with every maximum lowered to `capPages` (added where none is declared). */
export function capMemory(bytes: Uint8Array, capPages: number): CappedModule {
  checkHeader(bytes);
  const reader = new Reader(bytes, 8);
  const chunks: Uint8Array[] = [bytes.subarray(0, 8)];
  let memories: MemoryLimits[] = [];
  while (reader.offset < bytes.length) {
    const start = reader.offset;
    const id = reader.byte();
    const size = reader.uleb();
    const contentStart = reader.offset;
    const end = contentStart + size;
    if (end > bytes.length) throw new Error(`not a WebAssembly module: section ${id} runs past the end of the binary`);
    if (id !== MEMORY_SECTION) {
      chunks.push(bytes.subarray(start, end));
      reader.offset = end;
      continue;
    }
    const sectionReader = new Reader(bytes, contentStart);
    const declared = readMemories(sectionReader);
    if (sectionReader.offset !== end) throw new Error('not a WebAssembly module: the memory section has trailing bytes');
    memories = declared.map((memory) => memory.limits);
    const content: number[] = [...uleb(declared.length)];
    for (const { flags, limits } of declared) {
      const maximum = Math.min(limits.maximum ?? Infinity, capPages);
      content.push(flags | 0x01, ...uleb(limits.initial), ...uleb(maximum));
    }
    chunks.push(Uint8Array.from([MEMORY_SECTION, ...uleb(content.length), ...content]));
    reader.offset = end;
  }
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes: out, memories };
}
