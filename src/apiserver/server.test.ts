import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubernetesVersion } from '../api/index.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('authentication', () => {
  it('answers 401 Status without a client certificate', async () => {
    const res = await t.request('GET', '/api/v1/namespaces', { as: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('serves health and version to anyone', async () => {
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const res = await t.request('GET', path, { as: null });
      expect([res.status, res.text]).toEqual([200, 'ok']);
    }
    const version = await t.request('GET', '/version', { as: null });
    expect(version.status).toBe(200);
    expect(version.json).toMatchObject({ major: kubernetesVersion.major, minor: kubernetesVersion.minor, gitVersion: kubernetesVersion.gitVersion, gitTreeState: 'clean', compiler: 'gc' });
    expect(Object.keys(version.json)).toEqual(['major', 'minor', 'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']);
  });

  it('lists each check with ?verbose', async () => {
    const res = await t.request('GET', '/readyz?verbose');
    expect(res.text).toBe('[+]ping ok\n[+]log ok\n[+]etcd ok\nreadyz check passed\n');
    expect((await t.request('GET', '/livez/etcd')).text).toBe('ok');
    expect((await t.request('GET', '/livez/nope')).status).toBe(404);
  });

  it('accepts a certificate of another CA as no certificate', async () => {
    const { createCertificateAuthority, issueClientCertificate } = await import('../pki/index.js');
    const other = await createCertificateAuthority({ commonName: 'other' });
    const cert = await issueClientCertificate(other, { commonName: 'mallory', organizations: ['system:masters'] });
    const res = await t.request('GET', '/api/v1/namespaces', { as: { cert: cert.certPem, key: cert.keyPem } });
    expect(res.status).toBe(401);
  });

  it('serves over HTTP/2 as well', async () => {
    const res = await t.http2('GET', '/api/v1/namespaces/default');
    expect(res.status).toBe(200);
    expect(res.json.metadata.name).toBe('default');
  });
});

describe('routing', () => {
  it('answers 404 Status for unknown paths', async () => {
    for (const path of ['/nope', '/api/v1/widgets', '/apis/nope.io/v1/things', '/api/v1/namespaces/default/pods/x/nope/more']) {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.json.kind, path).toBe('Status');
    }
  });

  it('answers 405 for a method the path does not take', async () => {
    const res = await t.request('PUT', '/api/v1/namespaces/default/configmaps', { body: {} });
    expect(res.status).toBe(405);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    expect((await t.request('POST', '/api/v1/namespaces/default/configmaps/x', { body: {} })).status).toBe(405);
  });

  it('creates the system namespaces at start', async () => {
    const res = await t.request('GET', '/api/v1/namespaces');
    expect(res.status).toBe(200);
    expect(res.json.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(res.json.items.every((n: { status: { phase: string } }) => n.status.phase === 'Active')).toBe(true);
  });
});

describe('max in flight', () => {
  it('answers 429 with Retry-After past the limit, never counts watches, and exempts system:masters', async () => {
    const limited = await startTestServer({ maxRequestsInFlight: 0 });
    try {
      const jane = await limited.identity('jane', ['developers']);
      const res = await limited.request('GET', '/api/v1/namespaces', { as: jane });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 1 } });
      expect((await limited.request('GET', '/api/v1/namespaces')).status).toBe(200);
      const node = await limited.identity('system:node:n1', ['system:nodes']);
      expect((await limited.request('GET', '/api/v1/namespaces', { as: node })).status).toBe(200);
      const watch = await limited.watch('/api/v1/namespaces?watch=1&timeoutSeconds=1');
      expect(watch.status).toBe(200);
      watch.close();
    } finally {
      await limited.close();
    }
  });
});
