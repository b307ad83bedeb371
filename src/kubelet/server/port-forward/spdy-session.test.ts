// SpdySession's protocol rules, driven by raw frames from a hand-made client.
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, FLAG_FIN, GoAwayStatus, RstStatus, SpdyFrameReader, type SpdyFrame } from './spdy-frames.js';
import { HeaderBlockCompressor, type SpdyHeaders } from './spdy-header-block.js';
import { SpdySession } from './spdy-session.js';
import type { SpdyStream } from './spdy-stream.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface RawClient {
  frames: SpdyFrame[];
  ended: Promise<void>;
  send(frame: SpdyFrame): void;
  synStream(streamId: number, headers?: SpdyHeaders, flags?: number): Promise<void>;
  /** Waits (up to 60 s) until a received frame matches. */
  waitFor(match: (frame: SpdyFrame) => boolean, what: string): Promise<SpdyFrame>;
}

/** A server session that echoes streams, and a raw client connected to it. */
async function start(): Promise<{ client: RawClient; streams: SpdyStream[] }> {
  const streams: SpdyStream[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const session = new SpdySession(socket, { role: 'server' });
    session.on('stream', (stream: SpdyStream) => {
      streams.push(stream);
      stream.on('error', () => undefined);
      // `hold` streams are read but never answered or ended; the others echo.
      if (stream.header('streamtype') === 'hold') stream.resume();
      else stream.pipe(stream);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => sockets.forEach((socket) => socket.destroy()));

  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  cleanups.push(() => {
    socket.destroy();
  });
  const reader = new SpdyFrameReader();
  const compressor = new HeaderBlockCompressor();
  cleanups.push(() => compressor.close());
  const frames: SpdyFrame[] = [];
  socket.on('data', (chunk: Buffer) => frames.push(...reader.push(chunk)));
  const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
  const client: RawClient = {
    frames,
    ended,
    send: (frame) => socket.write(encodeFrame(frame)),
    async synStream(streamId, headers = { streamtype: ['data'] }, flags = 0) {
      const headerBlock = await compressor.compress(headers);
      socket.write(encodeFrame({ type: 'synStream', flags, streamId, associatedStreamId: 0, priority: 0, slot: 0, headerBlock }));
    },
    async waitFor(match, what) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const found = frames.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(frames.map((f) => f.type))}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
  return { client, streams };
}

const rstFor = (streamId: number) => (frame: SpdyFrame) => frame.type === 'rstStream' && frame.streamId === streamId;

describe('SpdySession (server side)', () => {
  it('replies to a client stream and echoes its data through the stream', async () => {
    const { client } = await start();
    await client.synStream(1);
    await client.waitFor((frame) => frame.type === 'synReply' && frame.streamId === 1, 'SYN_REPLY 1');
    client.send({ type: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.from('echo me') });
    await client.waitFor((frame) => frame.type === 'data' && frame.streamId === 1 && (frame.flags & FLAG_FIN) !== 0, 'DATA FIN on 1');
    const echoed = Buffer.concat(client.frames.flatMap((frame) => (frame.type === 'data' && frame.streamId === 1 ? [frame.data] : [])));
    expect(echoed.toString()).toBe('echo me');
  });

  it('resets streams with the server\'s parity or going backwards with PROTOCOL_ERROR', async () => {
    const { client, streams } = await start();
    await client.synStream(2);
    expect(await client.waitFor(rstFor(2), 'RST 2')).toEqual({ type: 'rstStream', flags: 0, streamId: 2, status: RstStatus.PROTOCOL_ERROR });
    await client.synStream(5);
    await client.synStream(3);
    expect(await client.waitFor(rstFor(3), 'RST 3')).toEqual({ type: 'rstStream', flags: 0, streamId: 3, status: RstStatus.PROTOCOL_ERROR });
    expect(streams.map((stream) => stream.id)).toEqual([5]);
  });

  it('resets a stream that sends DATA after its FIN with STREAM_ALREADY_CLOSED', async () => {
    const { client } = await start();
    await client.synStream(1, { streamtype: ['hold'] }, FLAG_FIN);
    await client.waitFor((frame) => frame.type === 'synReply' && frame.streamId === 1, 'SYN_REPLY 1');
    client.send({ type: 'data', streamId: 1, flags: 0, data: Buffer.from('too late') });
    expect(await client.waitFor(rstFor(1), 'RST 1')).toEqual({ type: 'rstStream', flags: 0, streamId: 1, status: RstStatus.STREAM_ALREADY_CLOSED });
  });

  it('after the client\'s GOAWAY refuses new streams and hangs up once the open ones are done', async () => {
    const { client } = await start();
    await client.synStream(1);
    await client.waitFor((frame) => frame.type === 'synReply' && frame.streamId === 1, 'SYN_REPLY 1');
    client.send({ type: 'goAway', flags: 0, lastGoodStreamId: 0, status: GoAwayStatus.OK });
    await client.synStream(3);
    expect(await client.waitFor(rstFor(3), 'RST 3')).toEqual({ type: 'rstStream', flags: 0, streamId: 3, status: RstStatus.REFUSED_STREAM });
    client.send({ type: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.alloc(0) });
    await client.ended;
  });

  it('answers a header block that does not inflate with GOAWAY PROTOCOL_ERROR and hangs up', async () => {
    const { client } = await start();
    client.send({ type: 'synStream', flags: 0, streamId: 1, associatedStreamId: 0, priority: 0, slot: 0, headerBlock: Buffer.from('not zlib') });
    await client.ended;
    expect(client.frames).toEqual([{ type: 'goAway', flags: 0, lastGoodStreamId: 0, status: GoAwayStatus.PROTOCOL_ERROR }]);
  });

  it('ignores SETTINGS, WINDOW_UPDATE and unknown control frames', async () => {
    const { client } = await start();
    client.send({ type: 'settings', flags: 0, entries: [{ flags: 0, id: 7, value: 1024 }] });
    client.send({ type: 'windowUpdate', flags: 0, streamId: 1, delta: 1024 });
    client.send({ type: 'unknownControl', controlType: 10, flags: 0, payload: Buffer.from('x') });
    client.send({ type: 'ping', flags: 0, id: 9 });
    expect(await client.waitFor((frame) => frame.type === 'ping', 'PING echo')).toEqual({ type: 'ping', flags: 0, id: 9 });
    expect(client.frames).toEqual([{ type: 'ping', flags: 0, id: 9 }]);
  });
});
