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
function upgrade(headers: Record<string, string>, query = ''): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: headers.Upgrade === 'websocket' ? 'GET' : 'POST', path: `/portForward/default/x${query}`, headers: { Connection: 'Upgrade', ...headers } });
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

  const websocketHeaders = (protocol: string) => ({
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Protocol': protocol,
  });

  it('refuses a WebSocket offering no port-forward subprotocol (kubectl then falls back to SPDY)', async () => {
    expect(await upgrade(websocketHeaders('v5.channel.k8s.io'))).toMatchObject({
      status: 400,
      body:
        'unable to upgrade: none of the offered WebSocket subprotocols ["v5.channel.k8s.io"] is supported ' +
        '(supported: SPDY/3.1+portforward.k8s.io, v4.channel.k8s.io, v4.base64.channel.k8s.io)\n',
    });
  });

  it('chooses the channel protocol in the client\'s order and needs the ports in the query', async () => {
    expect(await upgrade(websocketHeaders('v5.channel.k8s.io, v4.base64.channel.k8s.io, v4.channel.k8s.io'))).toMatchObject({
      status: 400,
      body: 'query parameter "port" is required\n',
    });
    expect(await upgrade(websocketHeaders('v4.channel.k8s.io'), '?port=80&port=0')).toMatchObject({ status: 400, body: 'port "0" must be > 0\n' });
    expect(await upgrade(websocketHeaders('v4.channel.k8s.io'), '?ports=http')).toMatchObject({ status: 400, body: 'unable to parse "http" as a port\n' });
    const chosen = await upgrade(websocketHeaders('v5.channel.k8s.io, v4.base64.channel.k8s.io, v4.channel.k8s.io'), '?port=80');
    expect(chosen.status).toBe(101);
    expect(chosen.headers['sec-websocket-protocol']).toBe('v4.base64.channel.k8s.io');
  });

  it('accepts the WebSocket tunnel subprotocol that ws itself would reject', async () => {
    const answer = await upgrade(websocketHeaders('v4.channel.k8s.io, SPDY/3.1+portforward.k8s.io'));
    expect(answer.status).toBe(101);
    expect(answer.headers).toMatchObject({
      'sec-websocket-protocol': 'SPDY/3.1+portforward.k8s.io',
      'sec-websocket-accept': 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    });
  });
});
