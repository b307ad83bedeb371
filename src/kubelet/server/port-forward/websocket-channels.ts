// The older WebSocket port-forward protocol (upstream kubelet's portforward/websocket.go), which
// @kubernetes/client-node speaks: the ports come from the query (`port=80&port=8080` as the API
// server passes them on, or `ports=`), each port i gets data channel 2i and error channel 2i+1, and
// every message is one channel byte then payload (`v4.channel.k8s.io`), or a channel digit then
// base64 (`v4.base64.channel.k8s.io`). The server first sends each channel its port as 2 bytes
// little-endian, dials every port at once, and closes the WebSocket when all of them are done.
import { PassThrough, type Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { describeDialError } from './dial-error-text.js';
import type { PortForwardTarget } from './port-forward-streams.js';

export const V4_BINARY_PROTOCOL = 'v4.channel.k8s.io';
export const V4_BASE64_PROTOCOL = 'v4.base64.channel.k8s.io';

/** The ports a channel-protocol request asks for, or why the query is unusable (upstream's words). */
export function channelPorts(query: URLSearchParams): number[] | string {
  const values = [...query.getAll('port'), ...query.getAll('ports')];
  if (values.length === 0) return 'query parameter "port" is required';
  const ports: number[] = [];
  for (const value of values) {
    if (value === '') return 'query parameter "port" cannot be empty';
    for (const text of value.split(',')) {
      if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) return `unable to parse ${JSON.stringify(value)} as a port`;
      if (Number(text) < 1) return `port ${JSON.stringify(value)} must be > 0`;
      ports.push(Number(text));
    }
  }
  return ports;
}

export function serveChannelPortForward(websocket: WebSocket, base64: boolean, ports: number[], target: PortForwardTarget): void {
  const log = target.log ?? (() => undefined);
  const send = (channel: number, payload: Buffer): void => {
    if (websocket.readyState !== websocket.OPEN) return;
    if (base64) websocket.send(`${channel}${payload.toString('base64')}`);
    else websocket.send(Buffer.concat([Buffer.from([channel]), payload]), { binary: true });
  };
  // What the client sends a data channel waits here until that port is dialled.
  const toPod = new Map<number, PassThrough>(ports.map((_, index) => [index * 2, new PassThrough()]));
  const connections = new Set<Duplex>();
  let pending = ports.length;
  const finished = (): void => {
    pending -= 1;
    if (pending === 0) websocket.close(1000);
  };

  ports.forEach((port, index) => {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    send(index * 2, portBytes);
    send(index * 2 + 1, portBytes);
  });
  ports.forEach((port, index) => {
    target.dial(port).then(
      (connection) => {
        if (websocket.readyState !== websocket.OPEN) {
          connection.destroy();
          return;
        }
        connections.add(connection);
        toPod.get(index * 2)!.pipe(connection);
        connection.on('data', (chunk: Buffer) => send(index * 2, chunk));
        connection.on('error', (error) => {
          const message = `error forwarding port ${port} to pod ${target.podName}, uid ${target.uid}: ${describeDialError(error)}`;
          log(`port-forward: ${message}`);
          send(index * 2 + 1, Buffer.from(message));
        });
        connection.once('close', () => {
          connections.delete(connection);
          finished();
        });
      },
      (error: unknown) => {
        const message = `error forwarding port ${port} to pod ${target.podName}, uid ${target.uid}: ${describeDialError(error)}`;
        log(`port-forward: ${message}`);
        send(index * 2 + 1, Buffer.from(message));
        finished();
      },
    );
  });

  websocket.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (bytes.length === 0) return;
    const channel = isBinary ? bytes[0]! : bytes[0]! - 0x30;
    const payload = isBinary ? bytes.subarray(1) : Buffer.from(bytes.subarray(1).toString('latin1'), 'base64');
    // Only data channels carry bytes towards the pod; anything else is ignored, as upstream.
    if (payload.length > 0) toPod.get(channel)?.write(payload);
  });
  websocket.on('close', () => {
    for (const connection of connections) connection.destroy();
    for (const buffered of toPod.values()) buffered.destroy();
  });
  websocket.on('error', () => undefined);
}
