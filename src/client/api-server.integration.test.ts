// The HTTPS client against the real API server (SQLite store in a temp dir, a fresh CA, admin
// client certificate from a kubeconfig): verbs, errors, watches, informers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Pod } from '../api/index.js';
import { ApiError } from './api-error.js';
import { Client } from './client.js';
import { Informer } from './informer.js';
import { Watcher } from './watcher.js';
import { eventually, startRealApiServer, type RealApiServer } from './testing/real-api-server.js';

let cluster: RealApiServer;

beforeAll(async () => {
  cluster = await startRealApiServer();
});

afterAll(async () => {
  await cluster?.stop();
});

describe.each([
  { protocol: 'HTTP/1.1', http2: false, prefix: 'h1' },
  { protocol: 'HTTP/2', http2: true, prefix: 'h2' },
])('client against the real API server over HTTPS ($protocol)', ({ http2, prefix }) => {
  let client: Client;
  const main = `${prefix}-main`;
  const watched = `${prefix}-informed`;
  const relisted = `${prefix}-relisted`;

  beforeAll(async () => {
    client = Client.fromKubeconfig({ path: cluster.kubeconfig, fieldManager: 'client-it', namespace: main, http2 });
    for (const name of [main, watched, relisted]) await client.resource('v1', 'namespaces').create({ metadata: { name } });
  });

  afterAll(() => client?.close());

  it('creates, gets, lists, patches (merge, json, strategic, apply), updates and deletes a ConfigMap', async () => {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    const created = await configMaps.create({ metadata: { name: 'settings', labels: { app: 'it' } }, data: { a: '1' } });
    expect(created).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: main }, data: { a: '1' } });
    expect(created.metadata?.uid).toBeTruthy();

    expect((await configMaps.get('settings')).data).toEqual({ a: '1' });
    const listed = await configMaps.list({ namespace: main, labelSelector: 'app=it' });
    expect(listed.items.map((item) => item.metadata?.name)).toEqual(['settings']);
    expect(listed.metadata?.resourceVersion).toBeTruthy();

    await configMaps.patch('settings', { data: { b: '2' } }, { type: 'merge' });
    await configMaps.patch('settings', [{ op: 'add', path: '/data/c', value: '3' }], { type: 'json' });
    await configMaps.patch('settings', { data: { d: '4' } }, { type: 'strategic' });
    const applied = await configMaps.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { e: '5' } }, { fieldManager: 'applier', force: true });
    expect(applied.data).toEqual({ a: '1', b: '2', c: '3', d: '4', e: '5' });

    const stale = { ...created, data: { z: '0' } };
    await expect(configMaps.update(stale)).rejects.toMatchObject({ name: 'ApiError', code: 409, reason: 'Conflict' });
    const fresh = await configMaps.get('settings');
    const updated = await configMaps.update({ ...fresh, data: { only: 'this' } });
    expect(updated.data).toEqual({ only: 'this' });

    await configMaps.delete('settings');
    const missing = await configMaps.get('settings').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toMatchObject({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', details: { name: 'settings', kind: 'configmaps' } });
  });

  it('pages a list with limit and continue', async () => {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    for (let i = 0; i < 5; i++) await configMaps.create({ metadata: { name: `page-${i}`, namespace: main, labels: { paged: 'yes' } } });
    const pages: number[] = [];
    for await (const page of configMaps.pages({ namespace: main, labelSelector: 'paged=yes', limit: 2 })) pages.push(page.items.length);
    expect(pages).toEqual([2, 2, 1]);
    await configMaps.deleteCollection({ namespace: main, labelSelector: 'paged=yes' });
    expect((await configMaps.list({ namespace: main, labelSelector: 'paged=yes' })).items).toEqual([]);
  });

  it('watches from a resourceVersion: ADDED, MODIFIED, DELETED', async () => {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    const from = (await configMaps.list({ namespace: main })).metadata?.resourceVersion;
    const stream = await configMaps.watch({ namespace: main, resourceVersion: from });
    await configMaps.create({ metadata: { name: 'watched' } });
    await configMaps.patch('watched', { data: { k: 'v' } }, { type: 'merge' });
    await configMaps.delete('watched');
    const seen: string[] = [];
    for await (const event of stream) {
      if (event.type === 'BOOKMARK') continue;
      seen.push(`${event.type} ${event.object.metadata?.name}`);
      if (seen.length === 3) stream.close();
    }
    expect(seen).toEqual(['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
  });

  it('feeds an informer: cache and handlers see adds, updates and deletes', async () => {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    await configMaps.create({ metadata: { name: 'before', namespace: watched } });
    const informer = new Informer(configMaps, { namespace: watched });
    const log: string[] = [];
    informer.addEventHandler({
      onAdd: (object) => log.push(`add ${object.metadata?.name}`),
      onUpdate: (_previous, object) => log.push(`update ${object.metadata?.name} ${object.data?.k}`),
      onDelete: (object) => log.push(`delete ${object.metadata?.name}`),
    });
    informer.start();
    await informer.waitForSync();
    expect(informer.cache.keys()).toEqual([`${watched}/before`]);
    await configMaps.create({ metadata: { name: 'after', namespace: watched } });
    await configMaps.patch('after', { data: { k: 'v' } }, { type: 'merge', namespace: watched });
    await configMaps.delete('before', { namespace: watched });
    await eventually(() => log.length === 4, 'four informer events');
    expect(log).toEqual(['add before', 'add after', 'update after v', 'delete before']);
    expect(informer.cache.keys()).toEqual([`${watched}/after`]);
    expect(informer.cache.byIndex('namespace', watched).map((object) => object.data)).toEqual([{ k: 'v' }]);
    await informer.stop();
  });

  it('relists after the server answers 410 Gone for a compacted resourceVersion', async () => {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    await configMaps.create({ metadata: { name: 'old', namespace: relisted } });
    const watcher = new Watcher(configMaps, { namespace: relisted });
    const seen: string[] = [];
    const next = async () => {
      const event = await watcher.step();
      seen.push('object' in event ? `${event.type} ${event.object.metadata?.name}` : event.type);
    };
    await next();
    await next();
    await next();
    expect(seen).toEqual(['Init', 'InitApply old', 'InitDone']);
    await configMaps.delete('old', { namespace: relisted });
    await configMaps.create({ metadata: { name: 'new', namespace: relisted } });
    await cluster.store.compact(await cluster.store.currentRevision());
    await expect(watcher.step()).rejects.toMatchObject({ name: 'ApiError', code: 410 });
    expect(watcher.state).toBe('Empty');
    seen.length = 0;
    await next();
    await next();
    await next();
    expect(seen).toEqual(['Init', 'InitApply new', 'InitDone']);
    watcher.close();
  });

  it('binds a pod through the pods/binding subresource', async () => {
    const pods = client.resource<Pod>('v1', 'pods');
    await pods.create({ metadata: { name: 'bindme' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await pods.createSubresource('bindme', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bindme' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } });
    expect((await pods.get('bindme')).spec?.nodeName).toBe('node-a');
    await expect(
      pods.createSubresource('bindme', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bindme' }, target: { kind: 'Node', name: 'node-b' } }),
    ).rejects.toMatchObject({ name: 'ApiError', code: 409 });
  });

  it('discovers a custom resource from the server and uses it', async () => {
    const group = `${prefix}.example.com`;
    await client.resource('apiextensions.k8s.io/v1', 'customresourcedefinitions').create({
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    } as never);
    let widgets: Awaited<ReturnType<Client['discover']>> | undefined;
    await eventually(async () => {
      widgets = await client.discover(`${group}/v1`, 'Widget').catch(() => undefined);
      return widgets !== undefined;
    }, 'the CRD served');
    expect(widgets!.descriptor).toEqual({ group, version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true });
    const created = await widgets!.create({ metadata: { name: 'w1' }, spec: { size: 3 } } as never);
    expect(created).toMatchObject({ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: main }, spec: { size: 3 } });
    await expect(client.discover(`${group}/v1`, 'Gadget')).rejects.toThrow(`the server serves no resource "Gadget" in ${group}/v1 (it serves: widgets)`);
  });
});

