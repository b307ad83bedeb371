import initWabt from 'wabt';
import { describe, expect, it } from 'vitest';
import { assemble } from './testing/wat-modules.js';
import { capMemory } from './wasm-memory.js';
import { webAssembly, type WasmMemory } from './webassembly.js';

/** The limits a binary declares, as read back from it. */
const declared = (bytes: Uint8Array) => capMemory(bytes, Number.MAX_SAFE_INTEGER).memories;

describe('capMemory', () => {
  it('adds the cap as maximum where none is declared and lowers a larger one, keeping smaller ones', async () => {
    const cases: [string, number, { initial: number; maximum?: number }, { initial: number; maximum: number }][] = [
      ['(memory (export "memory") 1)', 16, { initial: 1 }, { initial: 1, maximum: 16 }],
      ['(memory (export "memory") 2 100)', 16, { initial: 2, maximum: 100 }, { initial: 2, maximum: 16 }],
      ['(memory (export "memory") 1 4)', 16, { initial: 1, maximum: 4 }, { initial: 1, maximum: 4 }],
      ['(memory (export "memory") 300)', 20_000, { initial: 300 }, { initial: 300, maximum: 20_000 }],
    ];
    for (const [memory, cap, before, after] of cases) {
      const capped = capMemory(await assemble(`(module ${memory} (func (export "_start")))`), cap);
      expect(capped.memories).toEqual([before]);
      expect(declared(capped.bytes)).toEqual([after]);
      await expect(webAssembly.compile(capped.bytes)).resolves.toBeDefined();
    }
  });

  it('makes memory.grow past the cap fail inside the engine', async () => {
    const capped = capMemory(await assemble('(module (memory (export "memory") 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))'), 3);
    const instance = new webAssembly.Instance(await webAssembly.compile(capped.bytes), {});
    const grow = instance.exports.grow as (pages: number) => number;
    expect([grow(2), grow(1), (instance.exports.memory as WasmMemory).buffer.byteLength]).toEqual([1, -1, 3 * 65_536]);
  });

  it('keeps the shared flag of a shared memory', async () => {
    const wabt = await initWabt();
    const module = wabt.parseWat('shared.wat', '(module (memory 1 100 shared))', { threads: true });
    const bytes = module.toBinary({}).buffer;
    module.destroy();
    const capped = capMemory(bytes, 10);
    const flagsAt = capped.bytes.length - 3; // flags, initial 1, maximum 10: one byte each at the end
    expect([...capped.bytes.subarray(flagsAt)]).toEqual([0x03, 1, 10]);
  });

  it('copies a module without memory byte for byte', async () => {
    const bytes = await assemble('(module (func (export "_start")))');
    expect(capMemory(bytes, 10)).toEqual({ bytes: Uint8Array.from(bytes), memories: [] });
  });

  it('says what is wrong with a binary that is not a core module', () => {
    expect(() => capMemory(Buffer.from('hello world'), 1)).toThrow('not a WebAssembly module: the binary does not start with \\0asm');
    expect(() => capMemory(Uint8Array.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]), 1)).toThrow('not a WebAssembly core module: binary format version 13 (only version 1 runs here)');
    expect(() => capMemory(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 9, 1]), 1)).toThrow('not a WebAssembly module: section 5 runs past the end of the binary');
  });
});
