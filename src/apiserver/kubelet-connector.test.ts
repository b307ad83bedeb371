// The HTTPS kubelet connector's failures as the API server answers them, and where it looks for a
// node's kubelet (its Node's InternalIP and daemonEndpoints port); the happy path runs in
// src/kubelet/server/*.test.ts against the real kubelet endpoint.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podStreamLocation } from './handlers/pod-stream-location.js';
import { createKubeletConnector, containerLogsPath, kubeletAddressResolver } from './kubelet-connector.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

let t: TestServer;
let closedPort: number;
const pods = '/api/v1/namespaces/default/pods';

beforeAll(async () => {
  t = await startTestServer();
  t.server.context.nodes = createKubeletConnector({ tls: { ca: t.ca, cert: t.admin.cert, key: t.admin.key }, resolve: kubeletAddressResolver(t.server.context) });
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await t.request('POST', '/api/v1/nodes', { body: { metadata: { name: 'remote-1' } } });
  const node = (await t.request('GET', '/api/v1/nodes/remote-1')).json;
  node.status = { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: 'remote-1' }], daemonEndpoints: { kubeletEndpoint: { Port: closedPort } } };
  expect((await t.request('PUT', '/api/v1/nodes/remote-1/status', { body: node })).status).toBe(200);
  for (const [name, nodeName] of [['far', 'remote-1'], ['lost', 'ghost']]) {
    await t.request('POST', pods, { body: { metadata: { name }, spec: { nodeName, containers: [{ name: 'app', image: 'i' }] } } });
  }
});
afterAll(async () => {
  await t?.close();
});

describe('the HTTPS kubelet connector', () => {
  it('answers 503 naming the node and address when its kubelet cannot be reached, for logs and exec alike', async () => {
    const log = await t.request('GET', `${pods}/far/log`);
    expect([log.status, log.json.reason, log.json.message]).toEqual([
      503,
      'ServiceUnavailable',
      `cannot reach the kubelet of node remote-1 at 127.0.0.1:${closedPort}: connect ECONNREFUSED 127.0.0.1:${closedPort}`,
    ]);
    const exec = await t.request('GET', `${pods}/far/exec?command=true&stdout=true`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    expect([exec.status, exec.json.message]).toEqual([503, `cannot reach the kubelet of node remote-1 at 127.0.0.1:${closedPort}: connect ECONNREFUSED 127.0.0.1:${closedPort}`]);
  });

  it('answers 404 for a pod bound to a node that does not exist', async () => {
    const log = await t.request('GET', `${pods}/lost/log`);
    expect([log.status, log.json.message]).toEqual([404, 'nodes "ghost" not found']);
  });

  it("builds upstream's kubelet paths", () => {
    const base = { nodeName: 'n', namespace: 'ns 1', pod: 'p', podUid: 'u', container: 'c', signal: new AbortController().signal };
    expect(containerLogsPath({ ...base, follow: true, previous: false, timestamps: true, tailLines: 0, sinceTime: '2026-01-01T00:00:00Z' })).toBe(
      '/containerLogs/ns%201/p/c?follow=true&timestamps=true&tailLines=0&sinceTime=2026-01-01T00%3A00%3A00Z',
    );
    const pod = (spec: object) => ({ metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'n1', ...spec } });
    const two = pod({ containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'init' }] });
    expect(podStreamLocation('exec', two, new URLSearchParams('container=init&command=ls&command=-l&stdin=true&stdout=1&stderr=false&tty=true'))).toEqual({
      nodeName: 'n1',
      path: '/exec/default/web/init?input=1&output=1&tty=1&command=ls&command=-l',
    });
    expect(() => podStreamLocation('exec', two, new URLSearchParams('command=ls'))).toThrow(
      'a container name must be specified for pod web, choose one of: [a b] or one of the init containers: [init]',
    );
    expect(podStreamLocation('portforward', two, new URLSearchParams('ports=80,443&ports=8080'))).toEqual({
      nodeName: 'n1',
      path: '/portForward/default/web?port=80&port=443&port=8080',
    });
    expect(podStreamLocation('attach', pod({ containers: [{ name: 'a' }] }), new URLSearchParams('stdout=true'))).toEqual({ nodeName: 'n1', path: '/attach/default/web/a?output=1' });
  });
});
