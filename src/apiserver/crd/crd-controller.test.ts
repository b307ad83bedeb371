import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../store/types.js';
import { ServedResources } from '../served-resources.js';
import { createMemoryStore } from '../testing/memory-store.js';
import { CLEANUP_FINALIZER, CRD_PREFIX, CrdController } from './crd-controller.js';

const NOW = new Date('2026-01-02T03:04:05.000Z');

function widgetCrd(name = 'widgets.example.com', overrides: { plural?: string; kind?: string; shortNames?: string[] } = {}) {
  const plural = overrides.plural ?? 'widgets';
  const kind = overrides.kind ?? 'Widget';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name, uid: `uid-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, kind, shortNames: overrides.shortNames ?? ['wd'], categories: ['all'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 } } } } } },
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
          additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
        },
        { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
  };
}

const readObject = async (store: Store, key: string) => {
  const { kv } = await store.get(key);
  return kv === null ? null : JSON.parse(kv.value);
};

let controller: CrdController | undefined;
afterEach(async () => {
  await controller?.stop();
  controller = undefined;
});

function startController(store: Store, served: ServedResources) {
  controller = new CrdController({ store, served, logger: pino({ level: 'silent' }), clock: () => NOW, resolveRef: () => undefined });
  return controller.start();
}

describe('CrdController', () => {
  it('serves an accepted CRD and writes its status and finalizer', async () => {
    const store = createMemoryStore();
    const served = new ServedResources();
    await store.create(`${CRD_PREFIX}widgets.example.com`, JSON.stringify(widgetCrd()));
    await startController(store, served);

    const resource = served.find('example.com', 'v1', 'widgets');
    expect(resource?.info).toEqual({
      group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget',
      namespaced: true, verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      subresources: [
        { name: 'status', kind: 'Widget', verbs: ['get', 'patch', 'update'] },
        { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
      ],
      shortNames: ['wd'], categories: ['all'], definition: 'example.com.v1.Widget',
    });
    expect(resource?.custom).toEqual({
      crdName: 'widgets.example.com', storageVersion: 'v1',
      printerColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
    });
    expect(served.find('example.com', 'v1beta1', 'widgets')).toBeUndefined();
    expect(resource?.schema.properties?.spec).toEqual({ type: 'object', properties: { size: { type: 'integer', minimum: 1 } } });

    await vi.waitFor(async () => {
      const crd = await readObject(store, `${CRD_PREFIX}widgets.example.com`);
      expect(crd.metadata.finalizers).toEqual([CLEANUP_FINALIZER]);
      expect(crd.status).toEqual({
        conditions: [
          { type: 'NamesAccepted', status: 'True', lastTransitionTime: '2026-01-02T03:04:05Z', reason: 'NoConflicts', message: 'no conflicts found' },
          { type: 'Established', status: 'True', lastTransitionTime: '2026-01-02T03:04:05Z', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
        ],
        acceptedNames: { plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList', categories: ['all'] },
        storedVersions: ['v1'],
      });
    });
  });

  it('refuses a CRD whose names are taken, and accepts it once they are freed', async () => {
    const store = createMemoryStore();
    const served = new ServedResources();
    await startController(store, served);
    await store.create(`${CRD_PREFIX}widgets.example.com`, JSON.stringify(widgetCrd()));
    await vi.waitFor(() => expect(served.find('example.com', 'v1', 'widgets')).toBeDefined());
    await store.create(`${CRD_PREFIX}gadgets.example.com`, JSON.stringify(widgetCrd('gadgets.example.com', { plural: 'gadgets', kind: 'Gadget' })));

    await vi.waitFor(async () => {
      const crd = await readObject(store, `${CRD_PREFIX}gadgets.example.com`);
      expect(crd.status?.conditions?.slice(0, 2).map(({ type, status, reason, message }: Record<string, string>) => ({ type, status, reason, message }))).toEqual([
        { type: 'NamesAccepted', status: 'False', reason: 'ShortNamesConflict', message: '"wd" is already in use' },
        { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' },
      ]);
    });
    expect(served.find('example.com', 'v1', 'gadgets')).toBeUndefined();

    await store.delete(`${CRD_PREFIX}widgets.example.com`);
    await vi.waitFor(() => expect(served.find('example.com', 'v1', 'gadgets')).toBeDefined());
    expect(served.find('example.com', 'v1', 'widgets')).toBeUndefined();
  });

  it('deletes every custom resource before the CRD marked for deletion goes', async () => {
    const store = createMemoryStore();
    const served = new ServedResources();
    await store.create(`${CRD_PREFIX}widgets.example.com`, JSON.stringify(widgetCrd()));
    await startController(store, served);
    await store.create('/registry/example.com/widgets/default/a', '{"kind":"Widget"}');
    await store.create('/registry/example.com/widgets/other/b', '{"kind":"Widget"}');
    await store.create('/registry/example.com/gizmos/default/c', '{"kind":"Gizmo"}');

    const key = `${CRD_PREFIX}widgets.example.com`;
    await vi.waitFor(async () => expect((await readObject(store, key)).metadata.finalizers).toEqual([CLEANUP_FINALIZER]));
    const { kv } = await store.get(key);
    const crd = JSON.parse(kv!.value);
    crd.metadata.deletionTimestamp = '2026-01-02T03:04:05Z';
    await store.update(key, JSON.stringify(crd), kv!.modRevision);

    await vi.waitFor(async () => expect(await readObject(store, key)).toBeNull());
    expect((await store.list('/registry/example.com/widgets/')).kvs).toEqual([]);
    expect((await store.list('/registry/example.com/gizmos/')).kvs.map((k) => k.key)).toEqual(['/registry/example.com/gizmos/default/c']);
    expect(served.find('example.com', 'v1', 'widgets')).toBeUndefined();
  });

  it('follows spec changes: newly served versions appear, unserved ones go, schema changes apply', async () => {
    const store = createMemoryStore();
    const served = new ServedResources();
    const key = `${CRD_PREFIX}widgets.example.com`;
    await store.create(key, JSON.stringify(widgetCrd()));
    await startController(store, served);
    await vi.waitFor(async () => expect((await readObject(store, key)).status?.storedVersions).toEqual(['v1']));

    const { kv } = await store.get(key);
    const crd = JSON.parse(kv!.value);
    crd.spec.versions[1].served = true;
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.color = { type: 'string' };
    crd.spec.names.shortNames = ['wd', 'wdg'];
    await store.update(key, JSON.stringify(crd), kv!.modRevision);
    await vi.waitFor(() => expect(served.find('example.com', 'v1beta1', 'widgets')).toBeDefined());
    expect(served.find('example.com', 'v1', 'widgets')?.schema.properties?.spec.properties?.color).toEqual({ type: 'string' });
    expect(served.find('example.com', 'v1', 'widgets')?.info.shortNames).toEqual(['wd', 'wdg']);
    await vi.waitFor(async () => expect((await readObject(store, key)).status.acceptedNames.shortNames).toEqual(['wd', 'wdg']));

    const latest = await store.get(key);
    const next = JSON.parse(latest.kv!.value);
    next.spec.versions[1].served = false;
    await store.update(key, JSON.stringify(next), latest.kv!.modRevision);
    await vi.waitFor(() => expect(served.find('example.com', 'v1beta1', 'widgets')).toBeUndefined());
    expect(served.find('example.com', 'v1', 'widgets')).toBeDefined();
  });

  it('serves cluster-scoped CRDs and keeps serving after a restart from the stored state', async () => {
    const store = createMemoryStore();
    const crd = widgetCrd('gizmos.example.com', { plural: 'gizmos', kind: 'Gizmo', shortNames: [] });
    (crd.spec as Record<string, unknown>).scope = 'Cluster';
    await store.create(`${CRD_PREFIX}gizmos.example.com`, JSON.stringify(crd));
    const first = new ServedResources();
    await startController(store, first);
    expect(first.find('example.com', 'v1', 'gizmos')?.info.namespaced).toBe(false);
    await controller?.stop();
    const second = new ServedResources();
    await startController(store, second);
    expect(second.find('example.com', 'v1', 'gizmos')?.info).toMatchObject({ kind: 'Gizmo', namespaced: false, shortNames: [] });
  });

  it('does not serve a malformed CRD found in the store', async () => {
    const store = createMemoryStore();
    const served = new ServedResources();
    await store.create(`${CRD_PREFIX}broken.example.com`, JSON.stringify({ metadata: { name: 'broken.example.com' }, spec: { group: 'example.com', versions: 'v1' } }));
    await store.create(`${CRD_PREFIX}widgets.example.com`, JSON.stringify(widgetCrd()));
    await startController(store, served);
    expect(served.all().map(({ info }) => `${info.group}/${info.version}/${info.plural}`)).toEqual(['example.com/v1/widgets']);
  });
});
