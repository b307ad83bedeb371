import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { grpcProbe } from './grpc-probe.js';

let server: Http2Server;
let port: number;
const services: Record<string, number> = { '': 1, db: 2 };
const requested: string[] = [];

beforeAll(async () => {
  server = createServer();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      const message = body.subarray(5);
      const service = message.length > 0 ? message.subarray(2, 2 + message[1]).toString() : '';
      requested.push(`${headers[':path']} ${service}`);
      if (headers[':path'] !== '/grpc.health.v1.Health/Check' || service === 'legacy') {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown service' }, { endStream: true });
        return;
      }
      const status = services[service] ?? 3;
      const reply = status === 0 ? Buffer.alloc(0) : Buffer.from([0x08, status]);
      const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, reply.length]), reply]);
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server?.close();
});

describe('grpcProbe', () => {
  it('passes on SERVING and fails with upstream messages otherwise', async () => {
    expect(await grpcProbe('127.0.0.1', port, '', 2000)).toEqual({ success: true, output: 'service healthy' });
    expect(await grpcProbe('127.0.0.1', port, 'db', 2000)).toEqual({ success: false, output: 'service unhealthy (responded with "NOT_SERVING")' });
    expect(await grpcProbe('127.0.0.1', port, 'other', 2000)).toEqual({ success: false, output: 'service unhealthy (responded with "SERVICE_UNKNOWN")' });
    expect(await grpcProbe('127.0.0.1', port, 'legacy', 2000)).toEqual({
      success: false,
      output: 'error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service',
    });
    expect(requested).toEqual(['/grpc.health.v1.Health/Check ', '/grpc.health.v1.Health/Check db', '/grpc.health.v1.Health/Check other', '/grpc.health.v1.Health/Check legacy']);
  });

  it('fails when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await grpcProbe('127.0.0.1', free, '', 2000);
    expect(result).toEqual({ success: false, output: `error: failed to connect service at "127.0.0.1:${free}": connect ECONNREFUSED 127.0.0.1:${free}` });
  });
});
