import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Deployment, Namespace, Pod } from '../api/index.js';
import { isNotFound } from '../client/index.js';
import { deploymentController } from './deployment-controller.js';
import { garbageCollectorController } from './garbage-collector.js';
import { namespaceController } from './namespace-controller.js';
import { replicaSetController } from './replicaset-controller.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
beforeAll(async () => {
  harness = await startControllerHarness({ namespace: namespaceController, garbagecollector: garbageCollectorController, replicaset: replicaSetController, deployment: deploymentController });
});
afterAll(async () => harness?.stop());

describe('namespace controller', () => {
  it('empties a deleted namespace, reports what remains, then lets it go', async () => {
    const namespaces = harness.client.resource<Namespace>('v1', 'namespaces');
    const configMaps = harness.client.resource<ConfigMap>('v1', 'configmaps');
    const pods = harness.client.resource<Pod>('v1', 'pods');
    await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await configMaps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'doomed' } });
    await configMaps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'doomed', finalizers: ['test.engenho.io/hold'] } });
    await harness.client.resource<Deployment>('apps/v1', 'deployments').create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app', namespace: 'doomed' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await eventually(async () => (await pods.list({ namespace: 'doomed' })).items.length === 2, 'deployment pods exist');

    await namespaces.delete('doomed');
    await eventually(async () => (await namespaces.get('doomed')).status?.conditions?.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') === true, 'conditions written');
    const terminating = await namespaces.get('doomed');
    expect(terminating.status?.phase).toBe('Terminating');
    expect(terminating.spec?.finalizers).toEqual(['kubernetes']);
    expect(terminating.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
      ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: configmaps has 1 resource instances'],
      ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: test.engenho.io/hold in 1 resource instances'],
    ]);
    expect((await pods.list({ namespace: 'doomed' })).items).toEqual([]);
    expect((await configMaps.list({ namespace: 'doomed' })).items.map((c) => c.metadata?.name)).toEqual(['held']);

    await configMaps.patch('held', { metadata: { finalizers: null } }, { type: 'merge', namespace: 'doomed' });
    await eventually(async () => {
      try {
        await namespaces.get('doomed');
        return false;
      } catch (error) {
        return isNotFound(error);
      }
    }, 'namespace gone');
  });
});
