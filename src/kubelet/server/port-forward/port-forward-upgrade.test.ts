import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlePortForwardUpgrade } from './port-forward-upgrade.js';

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => handlePortForwardUpgrade(req, socket, head, () => Promise.reject(new Error('not dialled'))));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends an upgrade request and returns the refusal (status, body, headers) or the 101's headers. */
function upgrade(headers: Record<string, string>): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: headers.Upgrade === 'websocket' ? 'GET' : 'POST', path: '/portForward/default/x', headers: { Connection: 'Upgrade', ...headers } });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode!, body: '', headers: response.headers });
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('port-forward upgrade negotiation', () => {
  it('switches to SPDY/3.1 with portforward.k8s.io', async () => {
    const answer = await upgrade({ Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io' });
    expect(answer.status).toBe(101);
    expect(answer.headers).toMatchObject({ upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'portforward.k8s.io' });
  });

  it('refuses a request that upgrades to nothing it speaks', async () => {
    expect(await upgrade({ Upgrade: 'h2c' })).toMatchObject({
      status: 400,
      body: 'unable to upgrade: missing upgrade headers in request (want Upgrade: SPDY/3.1 or websocket, got "h2c")\n',
    });
  });

  it('requires X-Stream-Protocol-Version and negotiates it as upstream', async () => {
    expect(await upgrade({ Upgrade: 'SPDY/3.1' })).toMatchObject({
      status: 400,
      body: 'unable to upgrade: X-Stream-Protocol-Version is required\n',
    });
    const refused = await upgrade({ Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' });
    expect(refused).toMatchObject({
      status: 403,
      body: 'unable to upgrade: unable to negotiate protocol: client supports ["v4.channel.k8s.io"], server accepts ["portforward.k8s.io"]\n',
    });
    expect(refused.headers['x-accepted-stream-protocol-versions']).toBe('portforward.k8s.io');
  });

  it('refuses a WebSocket without the SPDY tunnel subprotocol (kubectl then falls back to SPDY)', async () => {
    const answer = await upgrade({
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
    });
    expect(answer).toMatchObject({
      status: 400,
      body: 'unable to upgrade: none of the offered WebSocket subprotocols ["v4.channel.k8s.io"] is supported (supported: SPDY/3.1+portforward.k8s.io)\n',
    });
  });

  it('accepts the WebSocket tunnel subprotocol that ws itself would reject', async () => {
    const answer = await upgrade({
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol': 'SPDY/3.1+portforward.k8s.io',
    });
    expect(answer.status).toBe(101);
    expect(answer.headers).toMatchObject({
      'sec-websocket-protocol': 'SPDY/3.1+portforward.k8s.io',
      'sec-websocket-accept': 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    });
  });
});
