// A SPDY/3.1 session over any byte Duplex (a raw upgraded socket, or a WebSocket tunnel).
// Frames are handled strictly in arrival order and written strictly in send order; header blocks
// go through the session's two zlib streams. Flow control: kubectl's spdystream neither sends nor
// honours WINDOW_UPDATE, so what we send is not held to the peer's window (its WINDOW_UPDATE and
// SETTINGS are read and ignored) and back-pressure comes from the transport instead — a stream whose
// reader is full pauses reading the connection. Bytes our readers consume are acknowledged with
// WINDOW_UPDATE, so a peer that does keep to its window never stalls.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  encodeFrame,
  FLAG_FIN,
  FLAG_UNIDIRECTIONAL,
  GoAwayStatus,
  RstStatus,
  SpdyFrameReader,
  SpdyProtocolError,
  type SpdyFrame,
} from './spdy-frames.js';
import { HeaderBlockCompressor, HeaderBlockDecompressor, type SpdyHeaders } from './spdy-header-block.js';
import { SpdyStream, type SpdyStreamHost } from './spdy-stream.js';

export interface SpdySessionOptions {
  /** Servers accept odd (client-opened) stream ids and open even ones; clients the reverse. */
  role: 'server' | 'client';
  /** Whether to accept a stream the peer opens (SYN_REPLY) or refuse it (RST_STREAM REFUSED_STREAM). */
  acceptStream?: (headers: SpdyHeaders, streamId: number) => boolean;
}

type HeaderFrame = Extract<SpdyFrame, { headerBlock: Buffer }>;

export class SpdySession extends EventEmitter implements SpdyStreamHost {
  private readonly reader = new SpdyFrameReader();
  private readonly compressor = new HeaderBlockCompressor();
  private readonly decompressor = new HeaderBlockDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly replies = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly blocked = new Set<number>();
  private readonly inbound: SpdyFrame[] = [];
  private inflating = false;
  private outbound: Promise<void> = Promise.resolve();
  private lastPeerStreamId = 0;
  private nextStreamId: number;
  private peerGoneAway = false;
  closed = false;

  constructor(
    private readonly transport: Duplex,
    private readonly options: SpdySessionOptions,
  ) {
    super();
    this.nextStreamId = options.role === 'server' ? 2 : 1;
    transport.on('data', (chunk: Buffer) => this.receive(chunk));
    transport.on('end', () => this.close());
    transport.on('close', () => this.close());
    transport.on('error', (error: Error) => this.close(error));
  }

  /** Streams currently open (not yet fully closed or reset). */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Client side: opens a stream and resolves once the peer replied (rejects if it reset it). */
  async openStream(headers: SpdyHeaders): Promise<SpdyStream> {
    if (this.closed) throw new Error('SPDY session is closed');
    const streamId = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(this, streamId, headers);
    this.streams.set(streamId, stream);
    const replied = new Promise<void>((resolve, reject) => this.replies.set(streamId, { resolve, reject }));
    await this.enqueue(async () =>
      encodeFrame({
        type: 'synStream',
        flags: 0,
        streamId,
        associatedStreamId: 0,
        priority: 0,
        slot: 0,
        headerBlock: await this.compressor.compress(headers),
      }),
    );
    await replied;
    return stream;
  }

  /** Says goodbye (GOAWAY OK) and closes the connection. */
  async goAway(): Promise<void> {
    if (this.closed) return;
    await this.enqueue(() => encodeFrame({ type: 'goAway', flags: 0, lastGoodStreamId: this.lastPeerStreamId, status: GoAwayStatus.OK })).catch(() => undefined);
    this.close();
  }

  /** Closes the session; the transport is ended gracefully unless `destroyTransport` (a broken connection). */
  close(error?: Error, destroyTransport = error !== undefined): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of [...this.streams.values()]) stream.abort(RstStatus.CANCEL);
    for (const reply of this.replies.values()) reply.reject(new Error('SPDY session closed before the stream was replied to'));
    this.replies.clear();
    this.compressor.close();
    this.decompressor.close();
    if (!this.transport.destroyed) {
      if (destroyTransport) this.transport.destroy();
      else this.transport.end();
    }
    this.emit('close', error);
  }

  // ---- SpdyStreamHost ----

  sendData(streamId: number, data: Buffer, fin: boolean): Promise<void> {
    return this.enqueue(() => encodeFrame({ type: 'data', streamId, flags: fin ? FLAG_FIN : 0, data }));
  }

  sendReset(streamId: number, status: number): void {
    this.enqueue(() => encodeFrame({ type: 'rstStream', flags: 0, streamId, status })).catch(() => undefined);
  }

  sendWindowUpdate(streamId: number, delta: number): void {
    this.enqueue(() => encodeFrame({ type: 'windowUpdate', flags: 0, streamId, delta })).catch(() => undefined);
  }

  block(streamId: number): void {
    this.blocked.add(streamId);
    this.updateReading();
  }

  unblock(streamId: number): void {
    if (this.blocked.delete(streamId)) this.updateReading();
  }

  forget(streamId: number): void {
    this.streams.delete(streamId);
    this.blocked.delete(streamId);
    this.updateReading();
    if (this.peerGoneAway && this.streams.size === 0) this.close();
  }

  // ---- reading ----

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      this.inbound.push(...this.reader.push(chunk));
    } catch (error) {
      this.protocolError(error as Error);
      return;
    }
    this.drainInbound();
  }

  private drainInbound(): void {
    while (!this.inflating && !this.closed && this.inbound.length > 0) {
      const frame = this.inbound.shift()!;
      if ('headerBlock' in frame) {
        // Every header block goes through the inflater, even for streams we drop: its state is shared.
        this.inflating = true;
        this.updateReading();
        this.decompressor.decompress(frame.headerBlock).then(
          (headers) => {
            this.inflating = false;
            this.handleHeaderFrame(frame, headers);
            this.updateReading();
            this.drainInbound();
          },
          (error: Error) => this.protocolError(error),
        );
      } else {
        this.handleFrame(frame);
      }
    }
  }

  private handleHeaderFrame(frame: HeaderFrame, headers: SpdyHeaders): void {
    if (this.closed) return;
    if (frame.type === 'synStream') {
      this.acceptPeerStream(frame, headers);
      return;
    }
    const stream = this.streams.get(frame.streamId);
    if (!stream) return;
    if (frame.type === 'synReply') {
      const reply = this.replies.get(frame.streamId);
      this.replies.delete(frame.streamId);
      reply?.resolve();
    }
    if (frame.flags & FLAG_FIN) stream.finishRemote();
  }

  private acceptPeerStream(frame: Extract<SpdyFrame, { type: 'synStream' }>, headers: SpdyHeaders): void {
    const { streamId } = frame;
    const peerParity = this.options.role === 'server' ? 1 : 0;
    if (streamId % 2 !== peerParity || streamId <= this.lastPeerStreamId) {
      this.sendReset(streamId, RstStatus.PROTOCOL_ERROR);
      return;
    }
    this.lastPeerStreamId = streamId;
    if (this.peerGoneAway) {
      this.sendReset(streamId, RstStatus.REFUSED_STREAM);
      return;
    }
    if (this.options.acceptStream && !this.options.acceptStream(headers, streamId)) {
      this.sendReset(streamId, RstStatus.REFUSED_STREAM);
      return;
    }
    const stream = new SpdyStream(this, streamId, headers);
    this.streams.set(streamId, stream);
    this.enqueue(async () =>
      encodeFrame({ type: 'synReply', flags: 0, streamId, headerBlock: await this.compressor.compress({}) }),
    ).catch(() => undefined);
    if (frame.flags & FLAG_FIN) stream.finishRemote();
    if (frame.flags & FLAG_UNIDIRECTIONAL) stream.end();
    this.emit('stream', stream);
  }

  private handleFrame(frame: SpdyFrame): void {
    switch (frame.type) {
      case 'data': {
        const stream = this.streams.get(frame.streamId);
        // Data for a stream already reset or finished here is dropped, as spdystream does.
        if (!stream) return;
        if (stream.finishedByPeer) {
          this.sendReset(frame.streamId, RstStatus.STREAM_ALREADY_CLOSED);
          stream.abort(RstStatus.STREAM_ALREADY_CLOSED);
          return;
        }
        stream.receiveData(frame.data, (frame.flags & FLAG_FIN) !== 0);
        return;
      }
      case 'rstStream': {
        this.replies.get(frame.streamId)?.reject(new Error(`stream ${frame.streamId} was reset by the peer (status ${frame.status})`));
        this.replies.delete(frame.streamId);
        this.streams.get(frame.streamId)?.abort(frame.status);
        return;
      }
      case 'ping': {
        const ourParity = this.options.role === 'server' ? 0 : 1;
        // A peer's ping is echoed; an echo of ours needs nothing (we do not measure round trips).
        if (frame.id % 2 !== ourParity) this.enqueue(() => encodeFrame(frame)).catch(() => undefined);
        return;
      }
      case 'goAway':
        this.peerGoneAway = true;
        if (this.streams.size === 0) this.close();
        return;
      case 'settings':
      case 'windowUpdate':
      case 'unknownControl':
        return;
      default:
        return;
    }
  }

  private updateReading(): void {
    if (this.closed) return;
    if (this.inflating || this.blocked.size > 0) this.transport.pause();
    else this.transport.resume();
  }

  private protocolError(error: Error): void {
    if (this.closed) return;
    const reason = error instanceof SpdyProtocolError ? error : new SpdyProtocolError(error.message);
    this.emit('protocolError', reason);
    this.enqueue(() => encodeFrame({ type: 'goAway', flags: 0, lastGoodStreamId: this.lastPeerStreamId, status: GoAwayStatus.PROTOCOL_ERROR }))
      .catch(() => undefined)
      .finally(() => this.close(reason, false));
  }

  // ---- writing ----

  private enqueue(frame: () => Buffer | Promise<Buffer>): Promise<void> {
    const written = this.outbound.then(async () => {
      if (this.transport.destroyed || this.transport.writableEnded) throw new Error('SPDY session is closed');
      const bytes = await frame();
      if (!this.transport.write(bytes)) await drained(this.transport);
    });
    this.outbound = written.catch(() => undefined);
    return written;
  }
}

function drained(transport: Duplex): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      transport.off('drain', done);
      transport.off('close', done);
      resolve();
    };
    transport.on('drain', done);
    transport.on('close', done);
  });
}
