// The official JavaScript client (@kubernetes/client-node) against engenho: typed create, list,
// the patch types, watch, an informer, and custom objects of a CRD.
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  ListWatch,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCluster, type TestCluster } from './kubectl-harness.js';

let cluster: TestCluster;
let kc: KubeConfig;
let core: CoreV1Api;
const NS = 'node-client';
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 50 });

beforeAll(async () => {
  cluster = await startTestCluster();
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: NS } } });
});
afterAll(async () => {
  await cluster?.stop();
});

const configMap = (name: string, data: Record<string, string>, labels: Record<string, string> = { suite: 'client-node' }): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

describe('@kubernetes/client-node', () => {
  it('creates, reads and lists typed objects', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: NS, body: configMap('one', { a: '1' }) });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.namespace).toBe(NS);
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('two', { b: '2' }, { suite: 'client-node', extra: 'yes' }) });
    const read = await core.readNamespacedConfigMap({ name: 'one', namespace: NS });
    expect(read.data).toEqual({ a: '1' });
    const list = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'suite=client-node' });
    expect(list.items.map((item) => item.metadata?.name)).toEqual(['one', 'two']);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0);
    const selected = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'extra' });
    expect(selected.items.map((item) => item.metadata?.name)).toEqual(['two']);
    const page = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'suite', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.metadata?._continue).toBeTruthy();
    const rest = await core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'suite', limit: 1, _continue: page.metadata?._continue });
    expect(rest.items.map((item) => item.metadata?.name)).toEqual(['two']);
  });

  it('reports API errors with their status code and Status body', async () => {
    await expect(core.readNamespacedConfigMap({ name: 'missing', namespace: NS })).rejects.toMatchObject({ code: 404 });
    const error = await core.createNamespacedConfigMap({ namespace: NS, body: configMap('one', {}) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 409 });
    expect(JSON.parse((error as { body: string }).body)).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', code: 409 });
  });

  it('patches with merge, JSON and strategic merge patches, and applies server-side', async () => {
    await core.patchNamespacedConfigMap({ name: 'one', namespace: NS, body: { data: { merged: 'yes' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.patchNamespacedConfigMap(
      { name: 'one', namespace: NS, body: [{ op: 'remove', path: '/data/a' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    await core.patchNamespacedConfigMap({ name: 'one', namespace: NS, body: { metadata: { labels: { patched: 'smp' } } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    const patched = await core.readNamespacedConfigMap({ name: 'one', namespace: NS });
    expect(patched.data).toEqual({ merged: 'yes' });
    expect(patched.metadata?.labels).toEqual({ suite: 'client-node', patched: 'smp' });

    const applied = await core.patchNamespacedConfigMap(
      { name: 'applied', namespace: NS, fieldManager: 'client-node', body: configMap('applied', { via: 'ssa' }) },
      setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
    );
    expect(applied.data).toEqual({ via: 'ssa' });
    expect(applied.metadata?.managedFields?.map((entry) => [entry.manager, entry.operation])).toEqual([['client-node', 'Apply']]);
  });

  it('watches changes as ADDED, MODIFIED and DELETED events', async () => {
    const events: string[] = [];
    const start = await core.listNamespacedConfigMap({ namespace: NS });
    const controller = await new Watch(kc).watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      { resourceVersion: start.metadata?.resourceVersion, labelSelector: 'watched=yes' },
      (type, object: V1ConfigMap) => events.push(`${type} ${object.metadata?.name} ${JSON.stringify(object.data ?? {})}`),
      () => undefined,
    );
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('watched', { v: '1' }, { watched: 'yes' }) });
    await core.patchNamespacedConfigMap({ name: 'watched', namespace: NS, body: { data: { v: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: NS });
    await waitFor(() => expect(events).toEqual(['ADDED watched {"v":"1"}', 'MODIFIED watched {"v":"2"}', 'DELETED watched {"v":"2"}']));
    controller.abort();
  });

  it('keeps an informer cache in step with the server', async () => {
    const path = `/api/v1/namespaces/${NS}/configmaps`;
    // makeInformer returns a ListWatch: an Informer that is also the object cache.
    const informer = makeInformer(kc, path, () => core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'informed' }), 'informed') as ListWatch<V1ConfigMap>;
    const seen: string[] = [];
    informer.on('add', (object) => seen.push(`add ${object.metadata?.name}`));
    informer.on('update', (object) => seen.push(`update ${object.metadata?.name}`));
    informer.on('delete', (object) => seen.push(`delete ${object.metadata?.name}`));
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('before', {}, { informed: 'yes' }) });
    await informer.start();
    await waitFor(() => expect(seen).toEqual(['add before']));
    await core.createNamespacedConfigMap({ namespace: NS, body: configMap('after', {}, { informed: 'yes' }) });
    await core.patchNamespacedConfigMap({ name: 'after', namespace: NS, body: { data: { x: 'y' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'before', namespace: NS });
    await waitFor(() => expect(seen).toEqual(['add before', 'add after', 'update after', 'delete before']));
    expect(informer.list(NS).map((object) => object.metadata?.name)).toEqual(['after']);
    await informer.stop();
  });

  it('creates deployments through the apps API', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: NS,
      body: {
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
      },
    });
    expect(created.spec?.replicas).toBe(2);
    const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: NS });
    expect(scale.spec?.replicas).toBe(2);
  });

  it('serves custom objects of a CRD', async () => {
    const extensions = kc.makeApiClient(ApiextensionsV1Api);
    await extensions.createCustomResourceDefinition({
      body: {
        metadata: { name: 'gadgets.example.org' },
        spec: {
          group: 'example.org',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
        },
      },
    });
    await waitFor(async () => {
      const crd = await extensions.readCustomResourceDefinition({ name: 'gadgets.example.org' });
      expect(crd.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    });
    const custom = kc.makeApiClient(CustomObjectsApi);
    const target = { group: 'example.org', version: 'v1', namespace: NS, plural: 'gadgets' };
    await waitFor(() => custom.createNamespacedCustomObject({ ...target, body: { apiVersion: 'example.org/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 3 } } }));
    const list = (await custom.listNamespacedCustomObject(target)) as { items: { metadata: { name: string }; spec: unknown }[] };
    expect(list.items.map((item) => [item.metadata.name, item.spec])).toEqual([['g1', { size: 3 }]]);
  });
});
