import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, CustomResourceDefinition, OwnerReference } from '../api/index.js';
import { isNotFound, type KubeObject, type ResourceClient } from '../client/index.js';
import { garbageCollectorController } from './garbage-collector.js';
import { eventually, startControllerHarness, type ControllerHarness } from './testing/controller-harness.js';

let harness: ControllerHarness;
let configMaps: ResourceClient<ConfigMap>;
beforeAll(async () => {
  harness = await startControllerHarness({ garbagecollector: garbageCollectorController });
  configMaps = harness.client.resource<ConfigMap>('v1', 'configmaps');
});
afterAll(async () => harness?.stop());

const ns = 'default';
const refTo = (owner: ConfigMap, blockOwnerDeletion = true): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', blockOwnerDeletion });
const create = (name: string, ownerReferences?: OwnerReference[], finalizers?: string[]) =>
  configMaps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ownerReferences, finalizers }, data: { a: 'b' } });
const gone = async (name: string) => {
  try {
    await configMaps.get(name, { namespace: ns });
    return false;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
};

describe('garbage collector', () => {
  it('Background: dependents go after the owner; a dependent with a live second owner only loses the reference', async () => {
    const owner = await create('bg-owner');
    const other = await create('bg-other');
    await create('bg-child', [refTo(owner)]);
    await create('bg-shared', [refTo(owner), refTo(other)]);
    await configMaps.delete('bg-owner', { namespace: ns, propagationPolicy: 'Background' });
    await eventually(() => gone('bg-child'), 'bg-child collected');
    await eventually(async () => (await configMaps.get('bg-shared', { namespace: ns })).metadata?.ownerReferences?.length === 1, 'bg-shared keeps one owner');
    expect((await configMaps.get('bg-shared', { namespace: ns })).metadata?.ownerReferences).toEqual([refTo(other)]);
  });

  it('a dependent created with an owner that never existed is collected', async () => {
    await create('dangling', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'nobody', uid: '00000000-0000-0000-0000-000000000000' }]);
    await eventually(() => gone('dangling'), 'dangling collected');
  });

  it('keeps a dependent whose owner kind the server does not serve', async () => {
    await create('unknown-kind', [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: '00000000-0000-0000-0000-000000000001' }]);
    await create('unknown-kind-marker', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'nobody', uid: '00000000-0000-0000-0000-000000000002' }]);
    // The marker is collected after the GC has seen both objects; the other stays.
    await eventually(() => gone('unknown-kind-marker'), 'marker collected');
    expect((await configMaps.get('unknown-kind', { namespace: ns })).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('Foreground: the owner stays until blocking dependents are gone', async () => {
    const owner = await create('fg-owner');
    await create('fg-held', [refTo(owner)], ['test.engenho.io/hold']);
    await create('fg-free', [refTo(owner, false)]);
    await configMaps.delete('fg-owner', { namespace: ns, propagationPolicy: 'Foreground' });
    await eventually(() => gone('fg-free'), 'non-blocking dependent deleted');
    await eventually(async () => Boolean((await configMaps.get('fg-held', { namespace: ns })).metadata?.deletionTimestamp), 'held dependent being deleted');
    const waiting = await configMaps.get('fg-owner', { namespace: ns });
    expect(waiting.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(waiting.metadata?.deletionTimestamp).toBeDefined();
    await configMaps.patch('fg-held', { metadata: { finalizers: null } }, { type: 'merge', namespace: ns });
    await eventually(() => gone('fg-held'), 'held dependent gone');
    await eventually(() => gone('fg-owner'), 'owner gone after its dependents');
  });

  it('Orphan: dependents lose the reference and stay; the owner goes', async () => {
    const owner = await create('or-owner');
    await create('or-child', [refTo(owner)]);
    await configMaps.delete('or-owner', { namespace: ns, propagationPolicy: 'Orphan' });
    await eventually(() => gone('or-owner'), 'owner gone');
    const child = await configMaps.get('or-child', { namespace: ns });
    expect(child.metadata?.ownerReferences).toBeUndefined();
    expect(child.metadata?.deletionTimestamp).toBeUndefined();
  });

  it('watches custom resources once their CRD is established: as owners and as dependents', async () => {
    const crds = harness.client.resource<CustomResourceDefinition>('apiextensions.k8s.io/v1', 'customresourcedefinitions');
    await crds.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.org' },
      spec: {
        group: 'example.org',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    await eventually(
      async () => (await crds.get('widgets.example.org')).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false,
      'the CRD established',
    );
    const widgets = harness.client.resource<KubeObject>({ group: 'example.org', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true });
    const widgetGone = async (name: string) => {
      try {
        await widgets.get(name, { namespace: ns });
        return false;
      } catch (error) {
        if (isNotFound(error)) return true;
        throw error;
      }
    };
    await eventually(async () => {
      try {
        await widgets.list({ namespace: ns });
        return true;
      } catch {
        return false;
      }
    }, 'widgets served');

    // A ConfigMap owned by a Widget goes when the Widget is deleted.
    const owner = await widgets.create({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w-owner', namespace: ns } });
    await create('cr-child', [{ apiVersion: 'example.org/v1', kind: 'Widget', name: 'w-owner', uid: owner.metadata?.uid ?? '', blockOwnerDeletion: true }]);
    // A Widget owned by a ConfigMap goes when the ConfigMap is deleted.
    const cmOwner = await create('cr-owner');
    await widgets.create({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w-child', namespace: ns, ownerReferences: [refTo(cmOwner)] } });
    await widgets.delete('w-owner', { namespace: ns, propagationPolicy: 'Background' });
    await configMaps.delete('cr-owner', { namespace: ns, propagationPolicy: 'Background' });
    await eventually(() => gone('cr-child'), 'the ConfigMap owned by a Widget collected');
    await eventually(() => widgetGone('w-child'), 'the Widget owned by a ConfigMap collected');
  });
});
