import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientCertificate, issueServingCertificate } from '../pki/index.js';
import { Client } from './client.js';
import { Http2Transport } from './http2-transport.js';
import { HttpsTransport } from './https-transport.js';
import type { Transport } from './transport.js';

let newTransport: (config: ConnectionConfig) => Transport & { close(): void };
import type { AuthConfig, ConnectionConfig } from './kubeconfig.js';

interface Seen {
  httpVersion: string;
  method: string;
  url: string;
  authorization?: string;
  clientCommonName?: string;
  contentType?: string;
  body: string;
}

let server: http2.Http2SecureServer;
let url: string;
let caPem: string;
let client: { certPem: string; keyPem: string };
let dir: string;
const seen: Seen[] = [];
/** Tokens the server accepts; others get 401. Empty = accept everything. */
let acceptedTokens: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'engenho-https-'));
  const ca = await createCertificateAuthority();
  const serving = await issueServingCertificate(ca, { commonName: 'test', subjectAltNames: ['127.0.0.1', 'localhost'] });
  client = await issueClientCertificate(ca, { commonName: 'alice', organizations: ['devs'] });
  caPem = ca.certPem;
  server = http2.createSecureServer({ allowHTTP1: true, cert: serving.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const socket = ('stream' in req && req.stream ? req.stream.session?.socket : req.socket) as TLSSocket;
      const peer = socket.authorized ? socket.getPeerCertificate() : undefined;
      const record: Seen = {
        httpVersion: req.httpVersion,
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        clientCommonName: peer?.subject?.CN as string | undefined,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(record);
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (acceptedTokens.length > 0 && (token === undefined || !acceptedTokens.includes(token))) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
        return;
      }
      if (req.url?.includes('watch=true')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MODI');
        setImmediate(() => res.end('FIED","object":{"metadata":{"name":"a"}}}\n'));
        return;
      }
      if (req.url?.endsWith('/missing')) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'echo' }, data: { ...record, clientCommonName: record.clientCommonName ?? '' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function connection(auth: AuthConfig, overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { server: url, ca: caPem, insecureSkipTlsVerify: false, auth, namespace: 'default', contextName: 'test', ...overrides };
}

async function echo(auth: AuthConfig, overrides: Partial<ConnectionConfig> = {}): Promise<Seen> {
  const transport = newTransport(connection(auth, overrides));
  try {
    const response = await transport.request({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/echo' });
    expect(response.status).toBe(200);
    return seen[seen.length - 1];
  } finally {
    transport.close();
  }
}

describe.each([
  { name: 'HttpsTransport', http2: false },
  { name: 'Http2Transport', http2: true },
])('$name', ({ http2: useHttp2 }) => {
  beforeAll(() => {
    newTransport = (config) => (useHttp2 ? new Http2Transport(config) : new HttpsTransport(config));
  });

  it('authenticates with a client certificate and verifies the server against the CA', async () => {
    const record = await echo({ type: 'clientCertificate', cert: client.certPem, key: client.keyPem });
    expect(record).toMatchObject({ httpVersion: useHttp2 ? '2.0' : '1.1', method: 'GET', clientCommonName: 'alice', authorization: undefined });
  });

  it('sends a bearer token, or nothing when anonymous', async () => {
    expect((await echo({ type: 'token', token: 't0k3n' })).authorization).toBe('Bearer t0k3n');
    const anonymous = await echo({ type: 'anonymous' });
    expect(anonymous.authorization).toBeUndefined();
    expect(anonymous.clientCommonName).toBeUndefined();
  });

  it('re-reads a token file on every request', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, 'first\n');
    const transport = newTransport(connection({ type: 'tokenFile', path }));
    await transport.request({ method: 'GET', path: '/x' });
    writeFileSync(path, 'second\n');
    await transport.request({ method: 'GET', path: '/x' });
    transport.close();
    expect(seen.slice(-2).map((record) => record.authorization)).toEqual(['Bearer first', 'Bearer second']);
  });

  it('runs an exec credential plugin, caches its token, and runs it again after a 401', async () => {
    const counter = join(dir, 'exec-count');
    const script = join(dir, 'plugin.mjs');
    writeFileSync(counter, '0');
    writeFileSync(
      script,
      `#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
const count = Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
writeFileSync(${JSON.stringify(counter)}, String(count));
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
  status: { token: 'exec-' + count + '-' + info.spec.interactive + '-' + process.env.GREETING } }));
`,
    );
    chmodSync(script, 0o755);
    const transport = newTransport(
      connection({
        type: 'exec',
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script], env: [{ name: 'GREETING', value: 'hi' }] },
        cluster: { server: url, insecureSkipTlsVerify: false },
      }),
    );
    try {
      await transport.request({ method: 'GET', path: '/x' });
      await transport.request({ method: 'GET', path: '/x' });
      expect(seen.slice(-2).map((record) => record.authorization)).toEqual(['Bearer exec-1-false-hi', 'Bearer exec-1-false-hi']);
      acceptedTokens = ['exec-2-false-hi'];
      const response = await transport.request({ method: 'GET', path: '/x' });
      expect(response.status).toBe(200);
      expect(seen.slice(-2).map((record) => record.authorization)).toEqual(['Bearer exec-1-false-hi', 'Bearer exec-2-false-hi']);
      expect(readFileSync(counter, 'utf8')).toBe('2');
    } finally {
      acceptedTokens = [];
      transport.close();
    }
  });

  it('refuses an unknown server certificate unless insecure-skip-tls-verify is set', async () => {
    const strict = newTransport(connection({ type: 'anonymous' }, { ca: undefined }));
    await expect(strict.request({ method: 'GET', path: '/x' })).rejects.toThrow(/certificate/);
    strict.close();
    expect((await echo({ type: 'anonymous' }, { ca: undefined, insecureSkipTlsVerify: true })).method).toBe('GET');
  });

  it('carries verbs, queries and bodies, and turns a non-Status error body into an ApiError', async () => {
    const api = Client.fromConnection(connection({ type: 'token', token: 'x' }), { fieldManager: 'tester', http2: useHttp2 });
    const configMaps = api.resource('v1', 'configmaps');
    await configMaps.patch('echo', { data: { a: '1' } }, { type: 'merge', namespace: 'ns' });
    expect(seen[seen.length - 1]).toMatchObject({
      method: 'PATCH',
      url: '/api/v1/namespaces/ns/configmaps/echo?fieldManager=tester',
      contentType: 'application/merge-patch+json',
      body: '{"data":{"a":"1"}}',
    });
    await expect(configMaps.get('missing')).rejects.toMatchObject({
      name: 'ApiError',
      status: { kind: 'Status', code: 404, reason: 'NotFound', message: 'the server responded with status 404: 404 page not found' },
    });
    api.close();
  });

  it('streams a watch whose events are split across chunks', async () => {
    const api = Client.fromConnection(connection({ type: 'anonymous' }), { http2: useHttp2 });
    const stream = await api.resource('v1', 'configmaps').watch({ namespace: 'default', resourceVersion: '5', allowWatchBookmarks: true });
    const events: string[] = [];
    for await (const event of stream) events.push(`${event.type} ${event.object.metadata?.name}`);
    expect(events).toEqual(['ADDED a', 'MODIFIED a']);
    expect(seen[seen.length - 1].url).toBe('/api/v1/namespaces/default/configmaps?resourceVersion=5&allowWatchBookmarks=true&watch=true');
    api.close();
  });
});
