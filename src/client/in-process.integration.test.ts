// The same client, watcher and informer over the API server's in-process transport (no sockets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap } from '../api/index.js';
import { Client } from './client.js';
import { Informer } from './informer.js';
import { dropManagedFields } from './transforms.js';
import { eventually, startRealApiServer, type RealApiServer } from './testing/real-api-server.js';

let cluster: RealApiServer;
let client: Client;

beforeAll(async () => {
  cluster = await startRealApiServer();
  client = new Client(cluster.inProcess(), { fieldManager: 'in-process-it' });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('client over the in-process transport', () => {
  it('runs the verbs and surfaces Status errors as over HTTPS', async () => {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    const created = await configMaps.create({ metadata: { name: 'local' }, data: { a: '1' } });
    expect(created).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'local', namespace: 'default' } });
    await configMaps.patch('local', { data: { b: '2' } }, { type: 'strategic' });
    await configMaps.apply({ metadata: { name: 'local' }, data: { c: '3' } }, { force: true });
    expect((await configMaps.get('local')).data).toEqual({ a: '1', b: '2', c: '3' });
    await configMaps.delete('local');
    await expect(configMaps.get('local')).rejects.toMatchObject({ name: 'ApiError', code: 404, reason: 'NotFound' });
    await expect(configMaps.create({ metadata: { name: 'Not_Valid' } })).rejects.toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('feeds an informer through in-process watches', async () => {
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    const informer = new Informer(configMaps, { namespace: 'kube-public' });
    const log: string[] = [];
    informer.addEventHandler({
      onAdd: (object) => log.push(`add ${object.metadata?.name}`),
      onUpdate: (_previous, object) => log.push(`update ${object.metadata?.name}`),
      onDelete: (object) => log.push(`delete ${object.metadata?.name}`),
    });
    informer.start();
    await informer.waitForSync();
    await configMaps.create({ metadata: { name: 'x', namespace: 'kube-public' } });
    await configMaps.patch('x', { data: { k: 'v' } }, { type: 'merge', namespace: 'kube-public' });
    await configMaps.delete('x', { namespace: 'kube-public' });
    await eventually(() => log.length === 3, 'three informer events');
    expect(log).toEqual(['add x', 'update x', 'delete x']);
    await informer.stop();
  });

  it('lets the informers of one process share each decoded object, and the transformed copy', async () => {
    const other = new Client(cluster.inProcess({ name: 'second-component', groups: ['system:masters', 'system:authenticated'] }));
    const informers = [
      new Informer(client.resource<ConfigMap>('v1', 'configmaps'), { namespace: 'shared' }),
      new Informer(other.resource<ConfigMap>('v1', 'configmaps'), { namespace: 'shared' }),
      new Informer(client.resource<ConfigMap>('v1', 'configmaps'), { namespace: 'shared', transform: dropManagedFields }),
      new Informer(other.resource<ConfigMap>('v1', 'configmaps'), { namespace: 'shared', transform: dropManagedFields }),
    ];
    for (const informer of informers) informer.start();
    await Promise.all(informers.map((informer) => informer.waitForSync()));
    const configMaps = client.resource<ConfigMap>('v1', 'configmaps');
    await client.resource('v1', 'namespaces').create({ metadata: { name: 'shared' } });
    await configMaps.create({ metadata: { name: 'one', namespace: 'shared' }, data: { k: 'v' } });
    await eventually(() => informers.every((informer) => informer.cache.get('shared/one') !== undefined), 'every informer has the ConfigMap');
    const [plain, plainToo, trimmed, trimmedToo] = informers.map((informer) => informer.cache.get('shared/one')!);
    expect(plain.metadata?.managedFields).toEqual([expect.objectContaining({ manager: 'in-process-it', operation: 'Update' })]);
    expect(plainToo).toBe(plain);
    expect(trimmed.metadata?.managedFields).toBeUndefined();
    expect(trimmed).toEqual({ ...plain, metadata: { ...plain.metadata, managedFields: undefined } });
    expect(trimmedToo).toBe(trimmed);
    await Promise.all(informers.map((informer) => informer.stop()));
  });
});
