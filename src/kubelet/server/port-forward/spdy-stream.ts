// One SPDY stream as a Node Duplex: readable side = the peer's DATA frames until its FIN,
// writable side = our DATA frames, end() = an empty DATA frame with FIN (half-close).
import { Duplex } from 'node:stream';
import { RstStatus } from './spdy-frames.js';
import type { SpdyHeaders } from './spdy-header-block.js';

/** What a stream needs from its session (kept narrow so the two files stay independent). */
export interface SpdyStreamHost {
  readonly closed: boolean;
  sendData(streamId: number, data: Buffer, fin: boolean): Promise<void>;
  sendReset(streamId: number, status: number): void;
  sendWindowUpdate(streamId: number, delta: number): void;
  /** The stream's reader cannot take more: stop reading the connection until `unblock`. */
  block(streamId: number): void;
  unblock(streamId: number): void;
  forget(streamId: number): void;
}

/** Frames larger than this are split, so one busy stream does not hold the connection for long. */
const MAX_DATA_FRAME = 32 * 1024;
/** How much a stream buffers from the peer before it pauses the connection (a few frames' worth). */
const STREAM_BUFFER_BYTES = 256 * 1024;
/** Half of SPDY/3's default 64 KiB window: consumed bytes are acknowledged in WINDOW_UPDATEs this big. */
const WINDOW_UPDATE_THRESHOLD = 32 * 1024;

export class SpdyStream extends Duplex {
  private remoteFinished = false;
  private localFinished = false;
  /** Bytes received and taken by the reader but not yet returned to the peer's send window. */
  private unacknowledged = 0;
  /** Set when either side sent RST_STREAM; the status the reset carried. */
  resetStatus: number | undefined;

  constructor(
    private readonly host: SpdyStreamHost,
    readonly id: number,
    readonly headers: SpdyHeaders,
  ) {
    super({ allowHalfOpen: true, readableHighWaterMark: STREAM_BUFFER_BYTES });
  }

  /** The first value of a header, by its lower-case name. */
  header(name: string): string | undefined {
    return this.headers[name]?.[0];
  }

  get finishedByPeer(): boolean {
    return this.remoteFinished;
  }

  /** Session side: the peer sent DATA (and maybe FIN). */
  receiveData(data: Buffer, fin: boolean): void {
    if (this.remoteFinished || this.destroyed) return;
    this.unacknowledged += data.length;
    if (data.length > 0 && !this.push(data)) this.host.block(this.id);
    else this.acknowledge();
    if (fin) this.finishRemote();
  }

  /** Session side: the peer half-closed the stream without data (SYN_STREAM or SYN_REPLY with FIN). */
  finishRemote(): void {
    if (this.remoteFinished) return;
    this.remoteFinished = true;
    this.push(null);
    this.forgetIfDone();
  }

  /** Session side: the peer reset the stream or the connection went away. */
  abort(status: number): void {
    if (this.resetStatus !== undefined || this.destroyed) return;
    this.resetStatus = status;
    this.host.forget(this.id);
    this.destroy();
  }

  /** Abandons the stream: RST_STREAM to the peer (CANCEL unless told otherwise). */
  reset(status: number = RstStatus.CANCEL): void {
    if (this.resetStatus !== undefined || this.destroyed) return;
    this.resetStatus = status;
    this.host.sendReset(this.id, status);
    this.host.forget(this.id);
    this.destroy();
  }

  override _read(): void {
    this.host.unblock(this.id);
    this.acknowledge();
  }

  /** Gives consumed bytes back to the peer's window (kubectl ignores this; a strict peer needs it). */
  private acknowledge(): void {
    if (this.unacknowledged < WINDOW_UPDATE_THRESHOLD || this.remoteFinished || this.resetStatus !== undefined) return;
    this.host.sendWindowUpdate(this.id, this.unacknowledged);
    this.unacknowledged = 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sendInFrames(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.host.sendData(this.id, Buffer.alloc(0), true).then(
      () => {
        this.localFinished = true;
        this.forgetIfDone();
        callback();
      },
      callback,
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const cleanlyClosed = this.localFinished && this.remoteFinished;
    if (!cleanlyClosed && this.resetStatus === undefined && !this.host.closed) {
      this.resetStatus = RstStatus.CANCEL;
      this.host.sendReset(this.id, RstStatus.CANCEL);
    }
    this.host.unblock(this.id);
    this.host.forget(this.id);
    callback(error);
  }

  private async sendInFrames(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += MAX_DATA_FRAME) {
      await this.host.sendData(this.id, chunk.subarray(offset, offset + MAX_DATA_FRAME), false);
    }
  }

  private forgetIfDone(): void {
    if (this.localFinished && this.remoteFinished) this.host.forget(this.id);
  }
}
