// A small controller run by the Manager against the real API server: for each ConfigMap labelled
// mirror=yes it keeps a Secret of the same data, owned by the ConfigMap; deleting the Secret wakes
// the owner through the owner mapping and the Secret comes back. Events and metrics are recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, CoreV1Event, Secret } from '../../api/index.js';
import { Client, EventRecorder, isNotFound, splitKey } from '../../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../../client/testing/real-api-server.js';
import { controllerOwnerKey } from './key-mappers.js';
import { Manager } from './manager.js';

let cluster: RealApiServer;
let client: Client;

beforeAll(async () => {
  cluster = await startRealApiServer();
  client = Client.fromKubeconfig({ path: cluster.kubeconfig, fieldManager: 'mirror-controller' });
});

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

describe('Manager against the real API server', () => {
  it('runs a controller that creates owned objects and restores them through the owner mapping', async () => {
    const errors: unknown[] = [];
    const manager = new Manager({ client, onError: (error) => errors.push(error) });
    const configMaps = manager.informer<ConfigMap>('v1', 'configmaps', { labelSelector: 'mirror=yes' });
    const secrets = manager.informer<Secret>('v1', 'secrets');
    const recorder = new EventRecorder({ client, component: 'mirror-controller' });
    const secretClient = client.resource<Secret>('v1', 'secrets');
    manager.add({
      name: 'mirror',
      watches: [{ informer: configMaps }, { informer: secrets, map: controllerOwnerKey({ apiVersion: 'v1', kind: 'ConfigMap' }) }],
      async reconcile(key) {
        const source = configMaps.cache.get(key);
        if (source === undefined) return;
        const { namespace, name } = splitKey(key);
        if (secrets.cache.getByName(namespace, `mirror-${name}`) !== undefined) return;
        try {
          await secretClient.get(`mirror-${name}`, { namespace });
          return;
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        await secretClient.create({
          metadata: {
            name: `mirror-${name}`,
            namespace,
            ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: name, uid: source.metadata!.uid!, controller: true }],
          },
          data: Object.fromEntries(Object.entries(source.data ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
        });
        await recorder.normal(source, 'Mirrored', `created secret mirror-${name}`);
      },
    });
    await manager.start();
    expect(manager.isLeader()).toBe(true);

    await client.resource<ConfigMap>('v1', 'configmaps').create({ metadata: { name: 'app', labels: { mirror: 'yes' } }, data: { k: 'v' } });
    await eventually(() => secrets.cache.getByName('default', 'mirror-app') !== undefined, 'the mirror secret');
    const secret = await secretClient.get('mirror-app');
    expect(Buffer.from(secret.data?.k ?? '', 'base64').toString()).toBe('v');

    await secretClient.delete('mirror-app');
    await eventually(() => secrets.cache.getByName('default', 'mirror-app')?.metadata?.uid !== undefined && secrets.cache.getByName('default', 'mirror-app')?.metadata?.uid !== secret.metadata?.uid, 'the secret restored');

    const mirroredEvents = async () =>
      (await client.resource<CoreV1Event>('v1', 'events').list({ namespace: 'default' })).items.filter((event) => event.reason === 'Mirrored');
    await eventually(async () => (await mirroredEvents())[0]?.count === 2, 'the event counted twice');
    const events = await mirroredEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ involvedObject: { kind: 'ConfigMap', name: 'app' }, count: 2, source: { component: 'mirror-controller' }, type: 'Normal' });
    const metrics = manager.metrics.render();
    expect(metrics).toMatch(/controller_runtime_reconcile_total\{controller="mirror",result="success"\} [1-9]/);
    expect(metrics).toContain('controller_runtime_reconcile_errors_total{controller="mirror"} 0\n');
    expect(errors).toEqual([]);
    await manager.stop();
  });
});
