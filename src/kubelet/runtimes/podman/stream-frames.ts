// Docker's multiplexed stream format, which libpod uses for logs and exec without a tty: each frame
// is an 8-byte header (stream 1 = stdout, 2 = stderr, then a big-endian uint32 length) and its data.

export interface StreamFrame {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

/** Feed it chunks as they arrive; it returns the whole frames they complete. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): StreamFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: StreamFrame[] = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + length) break;
      frames.push({ stream: this.pending[0] === 2 ? 'stderr' : 'stdout', data: this.pending.subarray(8, 8 + length) });
      this.pending = this.pending.subarray(8 + length);
    }
    return frames;
  }
}
