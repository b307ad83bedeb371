import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLabels } from './metrics.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const run = promisify(execFile);

describe('requestLabels', () => {
  it('reads verb, group, version, resource, subresource and scope from the request as upstream RequestInfo', () => {
    const labels = (method: string, path: string, query = '') => requestLabels(method, path, new URLSearchParams(query), 200);
    expect(labels('GET', '/api/v1/namespaces/default/pods')).toEqual({ verb: 'LIST', group: '', version: 'v1', resource: 'pods', subresource: '', scope: 'namespace', code: '200' });
    expect(labels('GET', '/api/v1/pods', 'watch=true')).toMatchObject({ verb: 'WATCH', resource: 'pods', scope: 'cluster' });
    expect(labels('GET', '/api/v1/watch/namespaces/default/pods')).toMatchObject({ verb: 'WATCH', resource: 'pods', scope: 'namespace' });
    expect(labels('POST', '/api/v1/namespaces/default/pods/web/binding')).toMatchObject({ verb: 'POST', resource: 'pods', subresource: 'binding', scope: 'resource' });
    expect(labels('PUT', '/apis/apps/v1/namespaces/default/deployments/web/status')).toMatchObject({ verb: 'PUT', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'status' });
    expect(labels('DELETE', '/apis/apps/v1/namespaces/default/replicasets')).toMatchObject({ verb: 'DELETECOLLECTION', resource: 'replicasets' });
    expect(labels('GET', '/api/v1/namespaces/kube-system')).toMatchObject({ verb: 'GET', resource: 'namespaces', scope: 'resource' });
    expect(labels('PUT', '/api/v1/namespaces/kube-system/finalize')).toMatchObject({ resource: 'namespaces', subresource: 'finalize', scope: 'resource' });
    expect(labels('GET', '/healthz')).toEqual({ verb: 'GET', group: '', version: '', resource: '', subresource: '', scope: '', code: '200' });
  });
});

describe('GET /metrics', () => {
  let t: TestServer;
  let dir: string;
  beforeAll(async () => {
    t = await startTestServer({ maxRequestsInFlight: 0 });
    dir = mkdtempSync(join(tmpdir(), 'engenho-metrics-'));
    t.writeKubeconfig(join(dir, 'kubeconfig'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves request and flow-control metrics and what components registered, to kubectl get --raw', async () => {
    const jane = await t.identity('jane');
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps', { as: jane })).status).toBe(429);
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps/missing')).status).toBe(404);
    const unregister = t.server.context.metrics.register(() => '# HELP demo_total A demo\n# TYPE demo_total counter\ndemo_total 3\n');

    const { stdout } = await run('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), 'get', '--raw', '/metrics']);
    const lines = stdout.split('\n');
    expect(lines).toContain('# TYPE apiserver_request_total counter');
    expect(lines).toContain('apiserver_request_total{code="429",group="",resource="configmaps",scope="namespace",subresource="",verb="LIST",version="v1"} 1');
    expect(lines).toContain('apiserver_request_total{code="200",group="",resource="configmaps",scope="namespace",subresource="",verb="LIST",version="v1"} 1');
    expect(lines).toContain('apiserver_request_total{code="404",group="",resource="configmaps",scope="resource",subresource="",verb="GET",version="v1"} 1');
    expect(lines).toContain('# TYPE apiserver_flowcontrol_rejected_requests_total counter');
    expect(lines).toContain('apiserver_flowcontrol_rejected_requests_total{priority_level="global-default",reason="concurrency-limit"} 1');
    expect(lines).toContain('apiserver_flowcontrol_rejected_requests_total{priority_level="system",reason="queue-full"} 0');
    // The /metrics request itself is the one exempt request executing.
    expect(lines).toContain('apiserver_flowcontrol_current_executing_requests{priority_level="exempt"} 1');
    expect(lines).toContain('apiserver_flowcontrol_current_inqueue_requests{priority_level="system"} 0');
    expect(stdout.endsWith('# HELP demo_total A demo\n# TYPE demo_total counter\ndemo_total 3\n')).toBe(true);

    unregister();
    const after = await t.request('GET', '/metrics');
    expect(after.status).toBe(200);
    expect(after.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(after.text).not.toContain('demo_total');
  });

  it('refuses writes and anonymous callers with a Status', async () => {
    const post = await t.request('POST', '/metrics', { body: {} });
    expect(post.status).toBe(405);
    expect(post.json).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    expect((await t.request('GET', '/metrics', { as: null })).status).toBe(401);
  });
});
