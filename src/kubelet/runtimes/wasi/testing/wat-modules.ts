// Small WASI modules for the tests, assembled from WAT text with wabt. Each imports what it uses
// from wasi_snapshot_preview1 and exports `memory` and `_start`, as a WASI command does.
import initWabt from 'wabt';

let wabt: Awaited<ReturnType<typeof initWabt>> | undefined;

export async function assemble(wat: string): Promise<Uint8Array> {
  wabt ??= await initWabt();
  const parsed = wabt.parseWat('module.wat', wat);
  try {
    return parsed.toBinary({}).buffer;
  } finally {
    parsed.destroy();
  }
}

/** Memory layout of the helpers: [0, 16) an iovec, [16, 24) sizes, 1024.. pointers, 8192.. strings. */
const PRELUDE = `
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $strlen (param $ptr i32) (result i32) (local $end i32)
    (local.set $end (local.get $ptr))
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (local.get $end))))
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (br $next)))
    (i32.sub (local.get $end) (local.get $ptr)))
  (func $newline (i32.store8 (i32.const 12) (i32.const 10)) (call $write (i32.const 1) (i32.const 12) (i32.const 1)))
  ;; Prints the NUL-terminated strings whose pointers are at 1024.., one per line.
  (func $print_list (param $count i32) (local $index i32) (local $ptr i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $index) (local.get $count)))
      (local.set $ptr (i32.load (i32.add (i32.const 1024) (i32.mul (local.get $index) (i32.const 4)))))
      (call $write (i32.const 1) (local.get $ptr) (call $strlen (local.get $ptr)))
      (call $newline)
      (local.set $index (i32.add (local.get $index) (i32.const 1)))
      (br $next))))
`;

function text(value: string): string {
  return [...Buffer.from(value)].map((byte) => `\\${byte.toString(16).padStart(2, '0')}`).join('');
}

function command(body: string, memory = '(memory (export "memory") 1)', imports = ''): string {
  return `(module ${imports} ${PRELUDE} ${memory} (func (export "_start") ${body}))`;
}

/** Writes `out` to stdout and `err` to stderr, then returns from _start (exit code 0) or exits with `exitCode`. */
export function printWat(out: string, options: { err?: string; exitCode?: number } = {}): string {
  const err = options.err ?? '';
  return `(module
    ${PRELUDE}
    (memory (export "memory") 1)
    (data (i32.const 8192) "${text(out)}")
    (data (i32.const ${8192 + Buffer.byteLength(out)}) "${text(err)}")
    (func (export "_start")
      (call $write (i32.const 1) (i32.const 8192) (i32.const ${Buffer.byteLength(out)}))
      ${err ? `(call $write (i32.const 2) (i32.const ${8192 + Buffer.byteLength(out)}) (i32.const ${Buffer.byteLength(err)}))` : ''}
      ${options.exitCode !== undefined ? `(call $proc_exit (i32.const ${options.exitCode}))` : ''}))`;
}

/** Prints each argument, a line `--`, then each environment entry, one per line. */
export function argsAndEnvWat(): string {
  const imports = `
    (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))`;
  return command(
    `(drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
     (drop (call $args_get (i32.const 1024) (i32.const 8192)))
     (call $print_list (i32.load (i32.const 16)))
     (i32.store16 (i32.const 12) (i32.const 0x2d2d))
     (call $write (i32.const 1) (i32.const 12) (i32.const 2))
     (call $newline)
     (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
     (drop (call $environ_get (i32.const 1024) (i32.const 8192)))
     (call $print_list (i32.load (i32.const 16)))`,
    undefined,
    imports,
  );
}

/**
 * Prints the first preopened directory's guest path, then the contents of `file` in it (up to
 * 4 KiB); exits with 100 + errno when the file cannot be opened or read.
 */
export function readPreopenWat(file: string): string {
  const imports = `
    (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))`;
  const path = Buffer.byteLength(file);
  return `(module ${imports} ${PRELUDE}
    (memory (export "memory") 1)
    (data (i32.const 4096) "${text(file)}")
    (func $check (param $errno i32)
      (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno))))))
    (func (export "_start")
      (call $check (call $fd_prestat_get (i32.const 3) (i32.const 16)))
      (call $check (call $fd_prestat_dir_name (i32.const 3) (i32.const 2048) (i32.load (i32.const 20))))
      (call $write (i32.const 1) (i32.const 2048) (i32.load (i32.const 20)))
      (call $newline)
      (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 4096) (i32.const ${path}) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 24)))
      (i32.store (i32.const 0) (i32.const 8192))
      (i32.store (i32.const 4) (i32.const 4096))
      (call $check (call $fd_read (i32.load (i32.const 24)) (i32.const 0) (i32.const 1) (i32.const 28)))
      (call $write (i32.const 1) (i32.const 8192) (i32.load (i32.const 28)))))`;
}

export const UNREACHABLE_WAT = command('unreachable');

export const LOOP_FOREVER_WAT = command('(loop $forever (br $forever))');

/** Declares `pages` pages of initial memory (64 KiB each) and exits 0 if it ever runs. */
export function bigMemoryWat(pages: number): string {
  return command('', `(memory (export "memory") ${pages})`);
}

/** Grows its memory one page at a time until memory.grow fails, then traps. */
export const GROW_UNTIL_FAIL_WAT = command(
  `(block $failed (loop $grow
     (br_if $failed (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
     (br $grow)))
   unreachable`,
);

/** Sleeps `seconds` in poll_oneoff (one relative clock subscription at 128), then exits 0. */
export function sleepWat(seconds: number): string {
  const imports = '(import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))';
  return command(
    `(i32.store8 (i32.const 136) (i32.const 0))
     (i32.store (i32.const 144) (i32.const 1))
     (i64.store (i32.const 152) (i64.const ${BigInt(Math.round(seconds * 1e9))}))
     (drop (call $poll (i32.const 128) (i32.const 256) (i32.const 1) (i32.const 512)))
     (i32.store8 (i32.const 12) (i32.const 0x7a))
     (call $write (i32.const 1) (i32.const 12) (i32.const 1))
     (call $newline)`,
    undefined,
    imports,
  );
}

/** Creates (or truncates) `file` in the first preopened directory and writes `content` to it; exits with 100 + errno on failure. */
export function writeFileWat(file: string, content: string): string {
  const imports = `
    (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))`;
  return `(module ${imports} ${PRELUDE}
    (memory (export "memory") 1)
    (data (i32.const 4096) "${text(file)}")
    (data (i32.const 8192) "${text(content)}")
    (func $check (param $errno i32)
      (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno))))))
    (func (export "_start")
      (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 4096) (i32.const ${Buffer.byteLength(file)}) (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 24)))
      (i32.store (i32.const 0) (i32.const 8192))
      (i32.store (i32.const 4) (i32.const ${Buffer.byteLength(content)}))
      (call $check (call $fd_write (i32.load (i32.const 24)) (i32.const 0) (i32.const 1) (i32.const 28)))))`;
}
