// A WASI container's log: the module's stdout and stderr cut into lines (one LogRing for both, as
// `kubectl logs` shows them interleaved), and read back with the LogOptions every runtime honours.
import type { LogOptions } from '../../container-runtime.js';
import { LogRing } from '../../log-ring.js';

/** Longer lines are split, as the CRI log format splits lines at 16 KiB. */
const MAX_LINE_BYTES = 16 * 1024;

export class ContainerLog {
  readonly ring: LogRing;
  private readonly partial = { stdout: [] as Buffer[], stderr: [] as Buffer[] };

  constructor(capacity: number) {
    this.ring = new LogRing(capacity);
  }

  write(stream: 'stdout' | 'stderr', bytes: Uint8Array, at: number): void {
    let rest = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const pending = this.partial[stream];
    for (let newline = rest.indexOf(0x0a); newline !== -1; newline = rest.indexOf(0x0a)) {
      pending.push(rest.subarray(0, newline));
      this.emit(Buffer.concat(pending), at);
      pending.length = 0;
      rest = rest.subarray(newline + 1);
    }
    if (rest.length > 0) pending.push(Buffer.from(rest));
    const buffered = pending.reduce((total, chunk) => total + chunk.length, 0);
    if (buffered >= MAX_LINE_BYTES) {
      this.emit(Buffer.concat(pending), at);
      pending.length = 0;
    }
  }

  /** The container ended: flush unterminated lines and end followers. */
  close(at: number): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream].length > 0) this.emit(Buffer.concat(this.partial[stream]), at);
      this.partial[stream].length = 0;
    }
    this.ring.close();
  }

  async *read(options: LogOptions = {}): AsyncIterable<string> {
    let budget = options.limitBytes ?? Infinity;
    for await (const line of this.ring.read(options)) {
      let text = `${options.timestamps ? `${new Date(line.at).toISOString().replace('Z', '000000Z')} ` : ''}${line.text}\n`;
      if (Buffer.byteLength(text) > budget) text = Buffer.from(text).subarray(0, budget).toString();
      budget -= Buffer.byteLength(text);
      if (text !== '') yield text;
      if (budget <= 0) return;
    }
  }

  private emit(line: Buffer, at: number): void {
    for (let start = 0; start < line.length || start === 0; start += MAX_LINE_BYTES) {
      this.ring.append(at, line.subarray(start, start + MAX_LINE_BYTES).toString('utf8'));
      if (line.length === 0) return;
    }
  }
}
