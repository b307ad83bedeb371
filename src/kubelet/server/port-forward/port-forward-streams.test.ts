import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, SpdyFrameReader, type SpdyFrame } from './spdy-frames.js';
import { servePortForward, streamHeadersProblem, type PortForwardTarget } from './port-forward-streams.js';
import { SpdySession } from './spdy-session.js';
import type { SpdyStream } from './spdy-stream.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: net.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** A "pod" that echoes what it reads and ends its side once the client ended. */
async function startEchoPod(): Promise<{ port: number; open: Set<net.Socket> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  cleanups.push(() => open.forEach((socket) => socket.destroy()));
  return { port: await listen(server), open };
}

async function deadPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function dialTo(portFor: (port: number) => number): PortForwardTarget['dial'] {
  return async (port) => {
    const socket = net.connect(portFor(port), '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  };
}

async function startForwarder(target: Partial<PortForwardTarget> & Pick<PortForwardTarget, 'dial'>): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    servePortForward(socket, { podName: 'x_default', uid: 'u1', ...target });
  });
  cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
  return listen(server);
}

async function connect(port: number): Promise<{ session: SpdySession; socket: net.Socket }> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const session = new SpdySession(socket, { role: 'client' });
  cleanups.push(() => {
    socket.destroy();
  });
  return { session, socket };
}

/** Opens a forwarded connection the way kubectl does: error stream (half-closed at once), then data. */
async function openPair(session: SpdySession, port: number, requestId: string): Promise<{ error: SpdyStream; data: SpdyStream }> {
  const error = await session.openStream({ streamtype: ['error'], port: [String(port)], requestid: [requestId] });
  error.end();
  const data = await session.openStream({ streamtype: ['data'], port: [String(port)], requestid: [requestId] });
  return { error, data };
}

function readText(stream: SpdyStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    stream.once('end', () => resolve(text));
    stream.once('close', () => reject(new Error(`stream ${stream.id} closed before its end (reset ${stream.resetStatus})`)));
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('portforward.k8s.io streams', () => {
  it('pipes a data stream to the dialled port both ways and closes the error stream empty', async () => {
    const pod = await startEchoPod();
    const { session } = await connect(await startForwarder({ dial: dialTo(() => pod.port) }));
    const { error, data } = await openPair(session, 80, '0');
    const echoed = readText(data);
    const errors = readText(error);
    data.write('hello ');
    data.end('pod');
    expect(await echoed).toBe('hello pod');
    expect(await errors).toBe('');
    await until(() => pod.open.size === 0, 'the pod connection to close');
  });

  it('keeps concurrent connections apart, including one much larger than a frame', async () => {
    const pod = await startEchoPod();
    const { session } = await connect(await startForwarder({ dial: dialTo(() => pod.port) }));
    const big = Buffer.alloc(1024 * 1024, 'abcdefghij').toString('latin1');
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const { error, data } = await openPair(session, 80, String(index));
        const payload = index === 0 ? big : `connection-${index};`.repeat(500);
        const echoed = readText(data);
        data.end(Buffer.from(payload, 'latin1'));
        return { same: (await echoed) === payload, error: await readText(error) };
      }),
    );
    expect(results).toEqual(Array.from({ length: 20 }, () => ({ same: true, error: '' })));
  });

  it('writes upstream\'s message on the error stream when the port refuses, and the session stays up', async () => {
    const pod = await startEchoPod();
    const refused = await deadPort();
    const { session } = await connect(await startForwarder({ dial: dialTo((port) => (port === 81 ? refused : pod.port)) }));
    const failed = await openPair(session, 81, '0');
    const [message, data] = await Promise.all([readText(failed.error), readText(failed.data)]);
    expect(message).toBe(`error forwarding port 81 to pod x_default, uid u1: dial tcp 127.0.0.1:${refused}: connect: connection refused`);
    expect(data).toBe('');

    const working = await openPair(session, 80, '1');
    const echoed = readText(working.data);
    working.data.end('still here');
    expect(await echoed).toBe('still here');
    expect(await readText(working.error)).toBe('');
  });

  it('refuses streams whose headers upstream refuses', async () => {
    const { session } = await connect(await startForwarder({ dial: dialTo(() => 1) }));
    await expect(session.openStream({ streamtype: ['data'], requestid: ['0'] })).rejects.toThrow('stream 1 was reset by the peer (status 3)');
    await expect(session.openStream({ streamtype: ['stdin'], port: ['80'] })).rejects.toThrow('stream 3 was reset by the peer (status 3)');
    expect(streamHeadersProblem({ port: ['80'] })).toBe('"streamType" header is required');
    expect(streamHeadersProblem({ streamtype: ['data'] })).toBe('"port" header is required');
    expect(streamHeadersProblem({ streamtype: ['data'], port: ['http'] })).toBe('unable to parse "http" as a port');
    expect(streamHeadersProblem({ streamtype: ['data'], port: ['70000'] })).toBe('unable to parse "70000" as a port');
    expect(streamHeadersProblem({ streamtype: ['data'], port: ['0'] })).toBe('port "0" must be > 0');
    expect(streamHeadersProblem({ streamtype: ['stdin'], port: ['80'] })).toBe('invalid stream type "stdin"');
    expect(streamHeadersProblem({ streamtype: ['error'], port: ['80'] })).toBeUndefined();
  });

  it('closes the pod connection when the client resets the data stream', async () => {
    const pod = await startEchoPod();
    const { session } = await connect(await startForwarder({ dial: dialTo(() => pod.port) }));
    const { data } = await openPair(session, 80, '0');
    data.write('x');
    await once(data, 'data');
    expect(pod.open.size).toBe(1);
    data.reset();
    await until(() => pod.open.size === 0, 'the pod connection to close after RST_STREAM');
    // The session itself is unaffected.
    const again = await openPair(session, 80, '1');
    const echoed = readText(again.data);
    again.data.end('after reset');
    expect(await echoed).toBe('after reset');
  });

  it('closes every pod connection when the client goes away', async () => {
    const pod = await startEchoPod();
    const { session, socket } = await connect(await startForwarder({ dial: dialTo(() => pod.port) }));
    for (const requestId of ['0', '1', '2']) {
      const { data } = await openPair(session, 80, requestId);
      data.write('x');
      await once(data, 'data');
    }
    expect(pod.open.size).toBe(3);
    socket.destroy();
    await until(() => pod.open.size === 0, 'the pod connections to close');
  });

  it('tells the client on the error stream when the data stream never comes', async () => {
    const { session } = await connect(await startForwarder({ dial: dialTo(() => 1), streamCreationTimeoutMs: 100 }));
    const error = await session.openStream({ streamtype: ['error'], port: ['80'], requestid: ['9'] });
    error.end();
    expect(await readText(error)).toBe('(request=9) timed out waiting for streams');
  });

  it('pairs streams of clients that send no requestID by stream id, as upstream', async () => {
    const pod = await startEchoPod();
    const { session } = await connect(await startForwarder({ dial: dialTo(() => pod.port) }));
    const error = await session.openStream({ streamtype: ['error'], port: ['80'] });
    error.end();
    const data = await session.openStream({ streamtype: ['data'], port: ['80'] });
    const echoed = readText(data);
    data.end('old client');
    expect(await echoed).toBe('old client');
    expect(await readText(error)).toBe('');
  });

  it('gives consumed bytes back to the client\'s send window with WINDOW_UPDATE', async () => {
    const pod = await startEchoPod();
    const { session, socket } = await connect(await startForwarder({ dial: dialTo(() => pod.port) }));
    const fromServer = new SpdyFrameReader();
    const frames: SpdyFrame[] = [];
    socket.on('data', (chunk: Buffer) => frames.push(...fromServer.push(chunk)));
    const { data } = await openPair(session, 80, '0');
    let echoed = 0;
    data.on('data', (chunk: Buffer) => (echoed += chunk.length));
    data.write(Buffer.alloc(256 * 1024, 'w'));
    // Bytes are acknowledged when the pod connection takes them, so before their echo comes back.
    await until(() => echoed === 256 * 1024, 'the echo');
    const updates = frames.flatMap((frame) => (frame.type === 'windowUpdate' ? [frame] : []));
    expect(new Set(updates.map((update) => update.streamId))).toEqual(new Set([data.id]));
    expect(updates.reduce((sum, update) => sum + update.delta, 0)).toBe(256 * 1024);
    data.end();
  });

  it('echoes the client\'s PING', async () => {
    const port = await startForwarder({ dial: dialTo(() => 1) });
    const socket = net.connect(port, '127.0.0.1');
    cleanups.push(() => {
      socket.destroy();
    });
    await once(socket, 'connect');
    const ping = encodeFrame({ type: 'ping', flags: 0, id: 7 });
    socket.write(ping);
    const [reply] = (await once(socket, 'data')) as [Buffer];
    expect(reply.toString('hex')).toBe(ping.toString('hex'));
  });

  it('answers a frame of another protocol version with GOAWAY PROTOCOL_ERROR and closes the connection', async () => {
    const port = await startForwarder({ dial: dialTo(() => 1) });
    const socket = net.connect(port, '127.0.0.1');
    cleanups.push(() => {
      socket.destroy();
    });
    await once(socket, 'connect');
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    socket.write(Buffer.from('8002000600000004000000ff', 'hex')); // a SPDY/2 PING
    await once(socket, 'end');
    expect(received.toString('hex')).toBe(encodeFrame({ type: 'goAway', flags: 0, lastGoodStreamId: 0, status: 1 }).toString('hex'));
  });
});
