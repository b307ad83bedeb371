// A WebSocket as a byte Duplex, for SPDY tunnelled in binary messages (KEP-4006, subprotocol
// `SPDY/3.1+portforward.k8s.io`): message boundaries mean nothing, text messages are a protocol error.
import { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export class WebSocketTunnel extends Duplex {
  constructor(private readonly socket: WebSocket) {
    super({ allowHalfOpen: false, readableHighWaterMark: 256 * 1024 });
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        socket.close(1003, 'only binary messages carry the tunnelled stream');
        this.destroy(new Error('WebSocket tunnel received a text message'));
        return;
      }
      if (!this.push(toBuffer(data))) socket.pause();
    });
    socket.on('close', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.send(chunk, { binary: true }, (error) => callback(error ?? null));
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.close(1000);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error) this.socket.terminate();
    else this.socket.close(1000);
    callback(error);
  }
}
