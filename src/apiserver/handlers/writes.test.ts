import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const cms = '/api/v1/namespaces/default/configmaps';
const deployments = '/apis/apps/v1/namespaces/default/deployments';
const pods = '/api/v1/namespaces/default/pods';

const deployment = (name: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1', ports: [{ containerPort: 80 }] }] } },
  },
});

describe('patch', () => {
  it('applies JSON, merge and strategic merge patches', async () => {
    await t.request('POST', cms, { body: { metadata: { name: 'p1' }, data: { a: '1', b: '2' } } });
    const json = await t.request('PATCH', `${cms}/p1`, { body: [{ op: 'replace', path: '/data/a', value: 'x' }, { op: 'remove', path: '/data/b' }], contentType: 'application/json-patch+json' });
    expect([json.status, json.json.data]).toEqual([200, { a: 'x' }]);
    const merge = await t.request('PATCH', `${cms}/p1`, { body: { data: { c: '3', a: null } }, contentType: 'application/merge-patch+json' });
    expect(merge.json.data).toEqual({ c: '3' });
    await t.request('POST', deployments, { body: deployment('web') });
    const strategic = await t.request('PATCH', `${deployments}/web`, {
      body: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(strategic.status).toBe(200);
    expect(strategic.json.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['sidecar', 'main']);
    expect(strategic.json.metadata.generation).toBe(2);
  });

  it('fails a JSON patch test op with 422 and refuses unknown patch types with 415', async () => {
    const failed = await t.request('PATCH', `${cms}/p1`, { body: [{ op: 'test', path: '/data/c', value: 'nope' }], contentType: 'application/json-patch+json' });
    expect(failed.status).toBe(422);
    const unknown = await t.request('PATCH', `${cms}/p1`, { body: {}, contentType: 'application/json' });
    expect(unknown.status).toBe(415);
    expect(unknown.json.reason).toBe('UnsupportedMediaType');
    const missing = await t.request('PATCH', `${cms}/nope`, { body: {}, contentType: 'application/merge-patch+json' });
    expect(missing.status).toBe(404);
  });

  it('creates and updates with server-side apply, tracking managers and conflicts', async () => {
    const applied = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  owner: alice\n';
    const created = await t.request('PATCH', `${cms}/ssa?fieldManager=alice`, { body: applied, contentType: 'application/apply-patch+yaml' });
    expect(created.status).toBe(201);
    expect(created.json.metadata.managedFields).toEqual([
      { manager: 'alice', operation: 'Apply', apiVersion: 'v1', time: expect.any(String), fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:owner': {} } } },
    ]);
    const conflict = await t.request('PATCH', `${cms}/ssa?fieldManager=bob`, { body: applied.replace('alice', 'bob'), contentType: 'application/apply-patch+yaml' });
    expect(conflict.status).toBe(409);
    expect(conflict.json.reason).toBe('Conflict');
    const forced = await t.request('PATCH', `${cms}/ssa?fieldManager=bob&force=true`, { body: applied.replace('alice', 'bob'), contentType: 'application/apply-patch+yaml' });
    expect([forced.status, forced.json.data]).toEqual([200, { owner: 'bob' }]);
    const noManager = await t.request('PATCH', `${cms}/ssa`, { body: applied, contentType: 'application/apply-patch+yaml' });
    expect(noManager.status).toBe(400);
  });
});

describe('fieldValidation', () => {
  const withUnknown = { metadata: { name: 'fv' }, data: { a: '1' }, spec: { foo: 1 } };

  it('Strict refuses unknown fields with 400', async () => {
    const res = await t.request('POST', `${cms}?fieldValidation=Strict`, { body: withUnknown });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"');
  });

  it('Warn (the default) drops them with a Warning header', async () => {
    const res = await t.request('POST', cms, { body: withUnknown });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec\\""');
    expect(res.json.spec).toBeUndefined();
  });

  it('Ignore drops them silently', async () => {
    const res = await t.request('POST', `${cms}?fieldValidation=Ignore`, { body: { ...withUnknown, metadata: { name: 'fv2' } } });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
  });

  it('reports duplicate fields of JSON bodies', async () => {
    const body = '{"metadata": {"name": "dup", "name": "dup"}, "data": {"a": "1"}}';
    const strict = await t.request('POST', `${cms}?fieldValidation=Strict`, { body });
    expect(strict.status).toBe(400);
    expect(strict.json.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name"');
    const warned = await t.request('POST', cms, { body });
    expect([warned.status, warned.headers.warning]).toEqual([201, '299 - "duplicate field \\"metadata.name\\""']);
  });

  it('rejects an unknown directive', async () => {
    expect((await t.request('POST', `${cms}?fieldValidation=Loose`, { body: withUnknown })).status).toBe(400);
  });
});

describe('delete', () => {
  it('deletes immediately with a Success Status', async () => {
    const created = (await t.request('POST', cms, { body: { metadata: { name: 'd1' } } })).json;
    const res = await t.request('DELETE', `${cms}/d1`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'd1', kind: 'configmaps', uid: created.metadata.uid } });
    expect((await t.request('GET', `${cms}/d1`)).status).toBe(404);
    expect((await t.request('DELETE', `${cms}/d1`)).status).toBe(404);
  });

  it('keeps objects with finalizers until the last one is removed', async () => {
    await t.request('POST', cms, { body: { metadata: { name: 'd2', finalizers: ['example.com/hold'] } } });
    const pending = await t.request('DELETE', `${cms}/d2`);
    expect(pending.status).toBe(200);
    expect(pending.json.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(pending.json.metadata.deletionGracePeriodSeconds).toBe(0);
    const addMore = await t.request('PATCH', `${cms}/d2`, { body: { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } }, contentType: 'application/merge-patch+json' });
    expect(addMore.status).toBe(422);
    const released = await t.request('PATCH', `${cms}/d2`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    expect(released.status).toBe(200);
    expect((await t.request('GET', `${cms}/d2`)).status).toBe(404);
  });

  it('records propagationPolicy as finalizers', async () => {
    await t.request('POST', deployments, { body: deployment('orphaned') });
    const orphan = await t.request('DELETE', `${deployments}/orphaned`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' } });
    expect(orphan.status).toBe(200);
    expect(orphan.json.metadata.finalizers).toEqual(['orphan']);
    expect(orphan.json.metadata.generation).toBe(2);
    await t.request('POST', deployments, { body: deployment('foreground') });
    const fg = await t.request('DELETE', `${deployments}/foreground?propagationPolicy=Foreground`);
    expect(fg.json.metadata.finalizers).toEqual(['foregroundDeletion']);
    const held = deployment('cascade');
    await t.request('POST', deployments, { body: { ...held, metadata: { ...held.metadata, finalizers: ['example.com/hold'] } } });
    const legacy = await t.request('DELETE', `${deployments}/cascade`, { body: { orphanDependents: false } });
    expect(legacy.status).toBe(202);
    const bad = await t.request('DELETE', `${deployments}/foreground?propagationPolicy=Sideways`);
    expect(bad.status).toBe(422);
  });

  it('checks preconditions', async () => {
    const created = (await t.request('POST', cms, { body: { metadata: { name: 'd3' } } })).json;
    const wrongUid = await t.request('DELETE', `${cms}/d3`, { body: { preconditions: { uid: 'nope' } } });
    expect(wrongUid.status).toBe(409);
    expect(wrongUid.json.message).toBe(`Operation cannot be fulfilled on configmaps "d3": Precondition failed: UID in precondition: nope, UID in object meta: ${created.metadata.uid}`);
    const wrongRv = await t.request('DELETE', `${cms}/d3`, { body: { preconditions: { resourceVersion: '1' } } });
    expect(wrongRv.status).toBe(409);
    const ok = await t.request('DELETE', `${cms}/d3`, { body: { preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion } } });
    expect(ok.status).toBe(200);
  });

  it('deletes unscheduled pods at once and waits for the kubelet on bound ones', async () => {
    const spec = { containers: [{ name: 'c', image: 'nginx' }] };
    await t.request('POST', pods, { body: { metadata: { name: 'unbound' }, spec } });
    const gone = await t.request('DELETE', `${pods}/unbound`);
    expect([gone.status, gone.json.kind]).toEqual([200, 'Pod']);
    expect((await t.request('GET', `${pods}/unbound`)).status).toBe(404);
    await t.request('POST', pods, { body: { metadata: { name: 'bound' }, spec: { ...spec, nodeName: 'node-1' } } });
    const graceful = await t.request('DELETE', `${pods}/bound`);
    expect(graceful.status).toBe(200);
    expect(graceful.json.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await t.request('GET', `${pods}/bound`)).status).toBe(200);
    const statusWrite = await t.request('PATCH', `${pods}/bound/status`, { body: { status: { phase: 'Running' } }, contentType: 'application/merge-patch+json' });
    expect(statusWrite.status).toBe(200);
    expect((await t.request('GET', `${pods}/bound`)).status).toBe(200);
    const now = await t.request('DELETE', `${pods}/bound`, { body: { gracePeriodSeconds: 0 } });
    expect(now.status).toBe(200);
    expect((await t.request('GET', `${pods}/bound`)).status).toBe(404);
  });

  it('deletes collections by selector', async () => {
    for (const name of ['c1', 'c2', 'c3']) await t.request('POST', cms, { body: { metadata: { name, labels: { batch: name === 'c3' ? 'b' : 'a' } } } });
    const res = await t.request('DELETE', `${cms}?labelSelector=batch%3Da`);
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('ConfigMapList');
    expect(res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c1', 'c2']);
    expect((await t.request('GET', `${cms}?labelSelector=batch`)).json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c3']);
  });

  it('never deletes the system namespaces', async () => {
    const res = await t.request('DELETE', '/api/v1/namespaces/kube-system');
    expect(res.status).toBe(403);
  });

  it('dryRun deletes nothing', async () => {
    await t.request('POST', cms, { body: { metadata: { name: 'dry' } } });
    expect((await t.request('DELETE', `${cms}/dry?dryRun=All`)).status).toBe(200);
    expect((await t.request('GET', `${cms}/dry`)).status).toBe(200);
  });
});

describe('subresources', () => {
  it('reads and writes scale', async () => {
    await t.request('POST', deployments, { body: deployment('scaled', 2) });
    const scale = await t.request('GET', `${deployments}/scaled/scale`);
    expect(scale.status).toBe(200);
    expect(scale.json).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'scaled', namespace: 'default', uid: expect.any(String), resourceVersion: expect.any(String), creationTimestamp: expect.any(String) },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=scaled' },
    });
    const put = await t.request('PUT', `${deployments}/scaled/scale`, { body: { ...scale.json, spec: { replicas: 5 } } });
    expect([put.status, put.json.spec.replicas]).toEqual([200, 5]);
    const patched = await t.request('PATCH', `${deployments}/scaled/scale`, { body: { spec: { replicas: 7 } }, contentType: 'application/merge-patch+json' });
    expect(patched.json.spec.replicas).toBe(7);
    const stale = await t.request('PUT', `${deployments}/scaled/scale`, { body: { ...scale.json, spec: { replicas: 1 } } });
    expect(stale.status).toBe(409);
    const obj = (await t.request('GET', `${deployments}/scaled`)).json;
    expect([obj.spec.replicas, obj.metadata.generation]).toEqual([7, 3]);
    expect((await t.request('GET', `${cms}/dry/scale`)).status).toBe(404);
  });

  it('binds pods to nodes once', async () => {
    await t.request('POST', pods, { body: { metadata: { name: 'sched' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'sched' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } };
    const res = await t.request('POST', `${pods}/sched/binding`, { body: binding });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const pod = (await t.request('GET', `${pods}/sched`)).json;
    expect(pod.spec.nodeName).toBe('node-a');
    expect(pod.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastTransitionTime: expect.any(String) }]);
    const again = await t.request('POST', `${pods}/sched/binding`, { body: binding });
    expect(again.status).toBe(409);
    expect(again.json.message).toContain('is already assigned to node "node-a"');
  });

  it('updates only status through /status', async () => {
    const pod = (await t.request('GET', `${pods}/sched`)).json;
    const res = await t.request('PUT', `${pods}/sched/status`, { body: { ...pod, metadata: { ...pod.metadata, labels: { changed: 'yes' } }, status: { ...pod.status, phase: 'Running' } } });
    expect(res.status).toBe(200);
    expect(res.json.status.phase).toBe('Running');
    expect(res.json.metadata.labels).toBeUndefined();
    const patched = await t.request('PATCH', `${pods}/sched/status`, { body: { status: { podIP: '10.0.0.5' } }, contentType: 'application/merge-patch+json' });
    expect(patched.json.status.podIP).toBe('10.0.0.5');
    const listed = await t.request('GET', `${pods}?fieldSelector=status.podIP%3D10.0.0.5,spec.nodeName%3Dnode-a`);
    expect(listed.json.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['sched']);
  });

  it('finalizes namespaces through /finalize', async () => {
    await t.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'fin' } } });
    const deleting = await t.request('DELETE', '/api/v1/namespaces/fin');
    expect(deleting.json.status.phase).toBe('Terminating');
    const ns = deleting.json;
    const res = await t.request('PUT', '/api/v1/namespaces/fin/finalize', { body: { ...ns, spec: { finalizers: [] } } });
    expect(res.status).toBe(200);
    expect((await t.request('GET', '/api/v1/namespaces/fin')).status).toBe(404);
  });
});

describe('services and pods on create', () => {
  it('allocates cluster IPs and node ports, refusing taken ones', async () => {
    const kubernetes = (await t.request('GET', '/api/v1/namespaces/default/services/kubernetes')).json;
    expect(kubernetes.spec.clusterIP).toBe('10.96.0.1');
    expect(kubernetes.spec.ports).toEqual([{ name: 'https', protocol: 'TCP', port: 443, targetPort: t.port }]);
    const endpoints = (await t.request('GET', '/api/v1/namespaces/default/endpoints/kubernetes')).json;
    expect(endpoints.subsets).toEqual([{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: t.port, protocol: 'TCP' }] }]);
    const slice = (await t.request('GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes')).json;
    expect(slice.endpoints).toEqual([{ addresses: ['127.0.0.1'], conditions: { ready: true } }]);
    const svc = (name: string, spec: Record<string, unknown>) => ({ metadata: { name }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec } });
    const a = await t.request('POST', '/api/v1/namespaces/default/services', { body: svc('a', {}) });
    expect(a.status).toBe(201);
    expect(a.json.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(a.json.spec.clusterIPs).toEqual([a.json.spec.clusterIP]);
    const clash = await t.request('POST', '/api/v1/namespaces/default/services', { body: svc('b', { clusterIP: a.json.spec.clusterIP }) });
    expect(clash.status).toBe(422);
    const headless = await t.request('POST', '/api/v1/namespaces/default/services', { body: svc('h', { clusterIP: 'None' }) });
    expect(headless.json.spec.clusterIPs).toEqual(['None']);
    const np = await t.request('POST', '/api/v1/namespaces/default/services', { body: svc('np', { type: 'NodePort' }) });
    expect(np.json.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(np.json.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  it('defaults the service account and QoS class of pods', async () => {
    const res = await t.request('POST', pods, { body: { metadata: { name: 'qos' }, spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } } });
    expect(res.json.spec.serviceAccountName).toBe('default');
    expect(res.json.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });
});

describe('virtual resources', () => {
  it('binds through the bindings collection', async () => {
    await t.request('POST', pods, { body: { metadata: { name: 'via-bindings' }, spec: { containers: [{ name: 'c', image: 'i' }] } } });
    const res = await t.request('POST', '/api/v1/namespaces/default/bindings', { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'via-bindings' }, target: { kind: 'Node', name: 'node-b' } } });
    expect(res.status).toBe(201);
    expect((await t.request('GET', `${pods}/via-bindings`)).json.spec.nodeName).toBe('node-b');
    expect((await t.store.list('/registry/bindings/')).kvs).toEqual([]);
  });

  it('answers access and self reviews without storing them', async () => {
    const access = await t.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'delete', resource: 'pods' } } },
    });
    expect(access.status).toBe(201);
    expect(access.json.status.allowed).toBe(true);
    const whoami = await t.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(whoami.json.status.userInfo).toEqual({ username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] });
  });
});

describe('concurrency', () => {
  it('applies concurrent patches without losing any', async () => {
    await t.request('POST', cms, { body: { metadata: { name: 'counter' }, data: {} } });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.http2('PATCH', `${cms}/counter`, { body: { data: { [`k${i}`]: String(i) } }, contentType: 'application/merge-patch+json' })),
    );
    const result = (await t.request('GET', `${cms}/counter`)).json;
    expect(Object.keys(result.data)).toHaveLength(20);
  });

  it('writes nothing for an update that changes nothing', async () => {
    const before = (await t.request('GET', `${cms}/counter`)).json;
    const same = await t.request('PUT', `${cms}/counter`, { body: before });
    expect(same.status).toBe(200);
    expect(same.json.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('refuses a garbled resourceVersion with 400', async () => {
    const res = await t.request('PUT', `${cms}/counter`, { body: { metadata: { name: 'counter', resourceVersion: 'abc' } } });
    expect(res.status).toBe(400);
  });
});
