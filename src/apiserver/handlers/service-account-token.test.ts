import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let t: TestServer;

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split('.');
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`), { key: createPublicKey(privateKey), dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  return { header: JSON.parse(Buffer.from(header, 'base64url').toString()), claims: JSON.parse(Buffer.from(payload, 'base64url').toString()), valid };
}

const tokenPath = (name: string) => `/api/v1/namespaces/default/serviceaccounts/${name}/token`;
const tokenRequest = (spec: Record<string, unknown>) => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec });

beforeAll(async () => {
  t = await startTestServer({ serviceAccountSigningKey: keyPem, clock: () => NOW });
  await t.request('POST', '/api/v1/namespaces/default/serviceaccounts', { body: { metadata: { name: 'bot' } } });
  await t.request('POST', '/api/v1/nodes', { body: { metadata: { name: 'n1' } } });
  await t.request('POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'runner' }, spec: { serviceAccountName: 'bot', nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } } });
  await t.request('POST', '/api/v1/namespaces/default/pods', { body: { metadata: { name: 'other' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
});
afterAll(() => t.close());

describe('serviceaccounts/token', () => {
  it('issues an ES256 JWT for the service account with upstream claims', async () => {
    const sa = (await t.request('GET', '/api/v1/namespaces/default/serviceaccounts/bot')).json;
    const res = await t.request('POST', tokenPath('bot'), { body: tokenRequest({}) });
    expect(res.status).toBe(201);
    const { token, expirationTimestamp } = res.json.status;
    expect(res.json).toEqual({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: 'bot', namespace: 'default', creationTimestamp: null },
      spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600 },
      status: { token, expirationTimestamp: '2026-03-01T11:00:00Z' },
    });
    expect(expirationTimestamp).toBe('2026-03-01T11:00:00Z');
    const jwt = decodeJwt(token);
    expect(jwt.valid).toBe(true);
    expect(jwt.header).toEqual({ alg: 'ES256', kid: expect.stringMatching(/^[\w-]{43}$/) });
    expect(jwt.claims).toEqual({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      exp: NOW_SECONDS + 3600,
      iat: NOW_SECONDS,
      nbf: NOW_SECONDS,
      iss: 'https://kubernetes.default.svc.cluster.local',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      sub: 'system:serviceaccount:default:bot',
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'bot', uid: sa.metadata.uid } },
    });
  });

  it('takes audiences and expiration, and binds to a pod and its node', async () => {
    const pod = (await t.request('GET', '/api/v1/namespaces/default/pods/runner')).json;
    const node = (await t.request('GET', '/api/v1/nodes/n1')).json;
    const res = await t.request('POST', tokenPath('bot'), {
      body: tokenRequest({ audiences: ['vault', 'api'], expirationSeconds: 600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'runner', uid: pod.metadata.uid } }),
    });
    expect(res.status).toBe(201);
    const { claims } = decodeJwt(res.json.status.token);
    expect(claims.aud).toEqual(['vault', 'api']);
    expect(claims.exp).toBe(NOW_SECONDS + 600);
    expect(claims['kubernetes.io']).toEqual({
      namespace: 'default',
      pod: { name: 'runner', uid: pod.metadata.uid },
      node: { name: 'n1', uid: node.metadata.uid },
      serviceaccount: { name: 'bot', uid: expect.any(String) },
    });
  });

  it('binds to a secret or a node', async () => {
    await t.request('POST', '/api/v1/namespaces/default/secrets', { body: { metadata: { name: 's1' } } });
    const secret = await t.request('POST', tokenPath('bot'), { body: tokenRequest({ boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's1' } }) });
    expect(Object.keys(decodeJwt(secret.json.status.token).claims['kubernetes.io'].secret)).toEqual(['name', 'uid']);
    const node = await t.request('POST', tokenPath('bot'), { body: tokenRequest({ boundObjectRef: { kind: 'Node', apiVersion: 'v1', name: 'n1' } }) });
    expect(decodeJwt(node.json.status.token).claims['kubernetes.io'].node.name).toBe('n1');
  });

  it('refuses what upstream refuses, with its status codes and messages', async () => {
    const post = (name: string, spec: Record<string, unknown>, metadata?: Record<string, unknown>) =>
      t.request('POST', tokenPath(name), { body: { ...tokenRequest(spec), ...(metadata ? { metadata } : {}) } });
    const missing = await post('ghost', {});
    expect([missing.status, missing.json.message]).toEqual([404, 'serviceaccounts "ghost" not found']);
    const short = await post('bot', { expirationSeconds: 599 });
    expect([short.status, short.json.message]).toEqual([422, 'TokenRequest.authentication.k8s.io "bot" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes']);
    const typed = await post('bot', { expirationSeconds: 'soon' });
    expect(typed.status).toBe(422);
    expect(typed.json.details.causes[0].field).toBe('spec.expirationSeconds');
    const renamed = await post('bot', {}, { name: 'robot' });
    expect([renamed.status, renamed.json.details.causes[0].field]).toEqual([422, 'metadata.name']);
    const wrongPod = await post('bot', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'other' } });
    expect([wrongPod.status, wrongPod.json.message]).toEqual([400, 'cannot bind token for serviceaccount "bot" to pod running with serviceaccount "default"']);
    const staleUid = await post('bot', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'runner', uid: 'old' } });
    expect(staleUid.status).toBe(409);
    expect(staleUid.json.message).toContain('the UID in the bound object reference (old) does not match the UID in record');
    const deployment = await post('bot', { boundObjectRef: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'web' } });
    expect([deployment.status, deployment.json.message]).toEqual([400, 'cannot bind token to object of type apps/v1, Kind=Deployment']);
    const missingPod = await post('bot', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'gone' } });
    expect([missingPod.status, missingPod.json.message]).toEqual([404, 'pods "gone" not found']);
    expect((await t.request('GET', tokenPath('bot'))).status).toBe(405);
  });
});
