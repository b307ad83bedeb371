import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceAccount } from '../api/index.js';
import { Client } from '../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { runControllers, type RunningControllers } from './index.js';
import { serviceAccountController } from './serviceaccount-controller.js';

let cluster: RealApiServer;
let client: Client;
let controllers: RunningControllers;

beforeAll(async () => {
  cluster = await startRealApiServer();
  client = new Client(cluster.inProcess());
  controllers = runControllers({ client, factories: { serviceaccount: serviceAccountController } });
  await controllers.ready;
});

afterAll(async () => {
  await controllers?.stop();
  await cluster?.stop();
});

const accounts = () => client.resource<ServiceAccount>('v1', 'serviceaccounts');
const hasDefault = async (namespace: string) => (await accounts().list({ namespace })).items.some((a) => a.metadata?.name === 'default');

describe('serviceaccount controller', () => {
  it('creates "default" in the namespaces the API server bootstraps and in new ones', async () => {
    for (const namespace of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) await eventually(() => hasDefault(namespace), `default SA in ${namespace}`);
    await client.resource('v1', 'namespaces').create({ metadata: { name: 'team-a' } });
    await eventually(() => hasDefault('team-a'), 'default SA in team-a');
    const account = await accounts().get('default', { namespace: 'team-a' });
    expect(account.metadata).toMatchObject({ name: 'default', namespace: 'team-a' });
  });

  it('recreates "default" after it is deleted, with a new uid', async () => {
    await eventually(() => hasDefault('default'), 'default SA in default');
    const before = await accounts().get('default', { namespace: 'default' });
    await accounts().delete('default', { namespace: 'default' });
    await eventually(async () => {
      const list = await accounts().list({ namespace: 'default' });
      return list.items.some((a) => a.metadata?.name === 'default' && a.metadata.uid !== before.metadata?.uid);
    }, 'default SA recreated');
  });

  it('leaves other accounts alone', async () => {
    await accounts().create({ metadata: { name: 'builder', namespace: 'default' } });
    await accounts().delete('builder', { namespace: 'default' });
    await eventually(() => hasDefault('default'), 'default SA still there');
    expect((await accounts().list({ namespace: 'default' })).items.map((a) => a.metadata?.name)).toEqual(['default']);
  });
});
