// The garbage collector: follows metadata.ownerReferences across the resources that commonly have
// owners. Background: a dependent whose owners are all gone is deleted. Foreground: an owner held by
// the foregroundDeletion finalizer has its dependents deleted (those whose owners are all
// foreground-deleting are deleted in the foreground too) and loses the finalizer once no dependent
// with blockOwnerDeletion remains. Orphan: the owner's dependents lose their reference to it, then
// the owner loses the orphan finalizer. An owner missing from the caches is looked up live before
// its dependents are judged dangling, so a lagging cache never deletes anything. Custom resources
// join the watched resources when their CRD is Established (as owners and as dependents).
import type { CustomResourceDefinition, OwnerReference } from '../api/index.js';
import { isApiError, isNotFound, objectKey, type Informer, type KubeObject, type ResourceClient } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import type { Controller, ReconcileResult, Watch } from './runtime/index.js';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

/** apiVersion, plural and kind of the resources watched for owners and dependents. */
export const GARBAGE_COLLECTED_RESOURCES: readonly [string, string, string][] = [
  ['v1', 'pods', 'Pod'],
  ['v1', 'configmaps', 'ConfigMap'],
  ['v1', 'secrets', 'Secret'],
  ['v1', 'services', 'Service'],
  ['v1', 'serviceaccounts', 'ServiceAccount'],
  ['v1', 'persistentvolumeclaims', 'PersistentVolumeClaim'],
  ['v1', 'replicationcontrollers', 'ReplicationController'],
  ['apps/v1', 'deployments', 'Deployment'],
  ['apps/v1', 'replicasets', 'ReplicaSet'],
  ['apps/v1', 'statefulsets', 'StatefulSet'],
  ['apps/v1', 'daemonsets', 'DaemonSet'],
  ['apps/v1', 'controllerrevisions', 'ControllerRevision'],
  ['batch/v1', 'jobs', 'Job'],
  ['batch/v1', 'cronjobs', 'CronJob'],
  ['discovery.k8s.io/v1', 'endpointslices', 'EndpointSlice'],
];

interface Watched {
  apiVersion: string;
  kind: string;
  informer: Informer<KubeObject>;
  client: ResourceClient<KubeObject>;
}

export const garbageCollectorController: ControllerFactory = (context) => new GarbageCollector(context).controller();

class GarbageCollector {
  private readonly watched: Watched[];
  /** uid -> "<index of watched>|<key>" for every cached object. */
  private readonly byUid = new Map<string, string>();
  /** "<group>/<plural>" of the custom resources watched so far. */
  private readonly customResources = new Set<string>();
  /** Subscribes a watch of a running controller (set while it runs). */
  private addWatch?: (watch: Watch<KubeObject>) => void;

  constructor(private readonly context: ControllerContext) {
    this.watched = GARBAGE_COLLECTED_RESOURCES.map(([apiVersion, plural, kind], index) =>
      this.watchedResource(index, apiVersion, kind, context.manager.informer<KubeObject>(apiVersion, plural), context.client.resource<KubeObject>(apiVersion, plural)),
    );
    const crds = context.manager.informer<CustomResourceDefinition>('apiextensions.k8s.io/v1', 'customresourcedefinitions');
    crds.addEventHandler({ onAdd: (crd) => this.watchCustomResource(crd), onUpdate: (_old, crd) => this.watchCustomResource(crd) });
  }

  controller(): Controller {
    const count = GARBAGE_COLLECTED_RESOURCES.length;
    return {
      name: 'garbagecollector',
      workers: 2,
      watches: this.watched.slice(0, count).map((watched, index) => this.watchOf(watched, index)),
      dynamicWatches: (add) => {
        this.addWatch = add;
        this.watched.slice(count).forEach((watched, offset) => add(this.watchOf(watched, count + offset)));
      },
      reconcile: (key) => this.reconcile(key),
    };
  }

  private watchOf(watched: Watched, index: number): Watch<KubeObject> {
    return { informer: watched.informer, map: (object: KubeObject) => this.keysToVisit(index, object) };
  }

  private watchedResource(index: number, apiVersion: string, kind: string, informer: Informer<KubeObject>, client: ResourceClient<KubeObject>): Watched {
    informer.addEventHandler({
      onAdd: (object) => this.remember(index, object),
      onUpdate: (_old, object) => this.remember(index, object),
      onDelete: (object) => {
        if (object.metadata?.uid) this.byUid.delete(object.metadata.uid);
      },
    });
    return { apiVersion, kind, informer, client };
  }

  /** Starts watching a CRD's resources (its storage version) once the CRD is Established. */
  private watchCustomResource(crd: CustomResourceDefinition): void {
    const spec = crd.spec;
    const established = crd.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True');
    if (spec === undefined || !established || crd.metadata?.deletionTimestamp) return;
    const name = `${spec.group}/${spec.names.plural}`;
    const version = spec.versions.find((candidate) => candidate.storage) ?? spec.versions.find((candidate) => candidate.served);
    if (this.customResources.has(name) || version === undefined) return;
    this.customResources.add(name);
    const descriptor = { group: spec.group, version: version.name, plural: spec.names.plural, kind: spec.names.kind, namespaced: spec.scope === 'Namespaced' };
    const watched = this.watchedResource(
      this.watched.length,
      `${spec.group}/${version.name}`,
      spec.names.kind,
      this.context.manager.informer<KubeObject>(descriptor),
      this.context.client.resource<KubeObject>(descriptor),
    );
    this.watched.push(watched);
    this.addWatch?.(this.watchOf(watched, this.watched.length - 1));
  }

  private remember(index: number, object: KubeObject): void {
    if (object.metadata?.uid) this.byUid.set(object.metadata.uid, `${index}|${objectKey(object)}`);
  }

  /**
   * The object itself; its owners that are being deleted (a foreground owner waits on it, an orphaning
   * one releases it); and, once it is gone, its dependents (their owner vanished). Owners that are not
   * being deleted and dependents of an object still cached have nothing to do with this change, so a
   * status write of a ReplicaSet does not visit its thousand pods.
   */
  private keysToVisit(index: number, object: KubeObject): string[] {
    const key = objectKey(object);
    const keys = [`${index}|${key}`];
    const references = object.metadata?.ownerReferences;
    if (references !== undefined) {
      for (const reference of references) {
        const owner = this.byUid.get(reference.uid);
        if (owner !== undefined && this.objectAt(owner)?.metadata?.deletionTimestamp) keys.push(owner);
      }
    }
    const uid = object.metadata?.uid;
    if (uid && this.watched[index]?.informer.cache.get(key)?.metadata?.uid !== uid) {
      for (const { index: at, object: dependent } of this.dependentsOf(uid)) keys.push(`${at}|${objectKey(dependent)}`);
    }
    return keys;
  }

  /** The cached object at a "<index of watched>|<key>" location. */
  private objectAt(location: string): KubeObject | undefined {
    const separator = location.indexOf('|');
    return this.watched[Number(location.slice(0, separator))]?.informer.cache.get(location.slice(separator + 1));
  }

  private dependentsOf(uid: string): { index: number; object: KubeObject }[] {
    return this.watched.flatMap((watched, index) => watched.informer.cache.byIndex('ownerUid', uid).map((object) => ({ index, object })));
  }

  private async reconcile(key: string): Promise<ReconcileResult> {
    const separator = key.indexOf('|');
    const watched = this.watched[Number(key.slice(0, separator))];
    const object = watched?.informer.cache.get(key.slice(separator + 1));
    if (watched === undefined || object === undefined) return;
    const finalizers = object.metadata?.finalizers ?? [];
    if (object.metadata?.deletionTimestamp && finalizers.includes(ORPHAN)) return this.orphanDependents(watched, object);
    if (object.metadata?.deletionTimestamp && finalizers.includes(FOREGROUND)) return this.deleteDependentsFirst(watched, object);
    if ((object.metadata?.ownerReferences ?? []).length > 0) await this.collectIfDangling(watched, object);
  }

  private async orphanDependents(watched: Watched, owner: KubeObject): Promise<void> {
    const uid = owner.metadata?.uid ?? '';
    for (const { index, object } of this.dependentsOf(uid)) {
      const references = (object.metadata?.ownerReferences ?? []).filter((reference) => reference.uid !== uid);
      await ignoreNotFound(
        this.watched[index]!.client.patch(object.metadata?.name ?? '', { metadata: { uid: object.metadata?.uid, ownerReferences: references.length ? references : null } }, { type: 'merge', namespace: object.metadata?.namespace }),
      );
    }
    await this.removeFinalizer(watched, owner, ORPHAN);
  }

  private async deleteDependentsFirst(watched: Watched, owner: KubeObject): Promise<void> {
    const uid = owner.metadata?.uid ?? '';
    const dependents = this.dependentsOf(uid);
    for (const { index, object } of dependents) {
      if (object.metadata?.deletionTimestamp) continue;
      const allOwnersForeground = (object.metadata?.ownerReferences ?? []).every((reference) => reference.uid === uid || this.isForegroundDeleting(reference.uid));
      await ignoreNotFound(
        this.watched[index]!.client.delete(object.metadata?.name ?? '', {
          namespace: object.metadata?.namespace,
          preconditions: { uid: object.metadata?.uid },
          propagationPolicy: allOwnersForeground ? 'Foreground' : 'Background',
        }),
      );
    }
    const blocking = dependents.filter(({ object }) => object.metadata?.ownerReferences?.some((reference) => reference.uid === uid && reference.blockOwnerDeletion === true));
    // Each dependent's deletion enqueues this owner again; the finalizer goes once none blocks.
    if (blocking.length === 0) await this.removeFinalizer(watched, owner, FOREGROUND);
  }

  private isForegroundDeleting(uid: string): boolean {
    const location = this.byUid.get(uid);
    if (location === undefined) return false;
    const owner = this.objectAt(location);
    return Boolean(owner?.metadata?.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND));
  }

  private async collectIfDangling(watched: Watched, object: KubeObject): Promise<void> {
    const references = object.metadata?.ownerReferences ?? [];
    const absent: OwnerReference[] = [];
    for (const reference of references) {
      if (!(await this.ownerExists(reference, object.metadata?.namespace))) absent.push(reference);
    }
    if (absent.length === 0) return;
    if (absent.length === references.length) {
      if (object.metadata?.deletionTimestamp) return;
      this.context.logger.info({ object: `${watched.kind} ${objectKey(object)}` }, 'deleting dependent whose owners are gone');
      await ignoreNotFound(watched.client.delete(object.metadata?.name ?? '', { namespace: object.metadata?.namespace, preconditions: { uid: object.metadata?.uid }, propagationPolicy: 'Background' }));
      return;
    }
    const remaining = references.filter((reference) => !absent.includes(reference));
    await ignoreNotFound(watched.client.patch(object.metadata?.name ?? '', { metadata: { uid: object.metadata?.uid, ownerReferences: remaining } }, { type: 'merge', namespace: object.metadata?.namespace }));
  }

  /** From the caches when there; otherwise asked of the API (a new owner may not be cached yet). */
  private async ownerExists(reference: OwnerReference, namespace: string | undefined): Promise<boolean> {
    if (this.byUid.has(reference.uid)) return true;
    let resource: ResourceClient<KubeObject>;
    try {
      resource = this.context.client.resource<KubeObject>(reference.apiVersion, reference.kind);
    } catch {
      try {
        resource = await this.context.client.discover(reference.apiVersion, reference.kind);
      } catch (error) {
        if (isApiError(error) && !isNotFound(error)) throw error;
        // As upstream, an owner kind the server cannot resolve never makes a dependent dangling:
        // a typo or a CRD not yet served must not delete anything.
        this.context.logger.warn({ owner: `${reference.apiVersion} ${reference.kind}`, err: error instanceof Error ? error.message : String(error) }, 'owner kind not served; dependent kept');
        return true;
      }
    }
    try {
      const owner = await resource.get(reference.name, { namespace: resource.descriptor.namespaced ? namespace : undefined });
      return owner.metadata?.uid === reference.uid;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private async removeFinalizer(watched: Watched, object: KubeObject, finalizer: string): Promise<void> {
    const finalizers = (object.metadata?.finalizers ?? []).filter((name) => name !== finalizer);
    await ignoreNotFound(
      watched.client.patch(
        object.metadata?.name ?? '',
        { metadata: { uid: object.metadata?.uid, resourceVersion: object.metadata?.resourceVersion, finalizers: finalizers.length ? finalizers : null } },
        { type: 'merge', namespace: object.metadata?.namespace },
      ),
    );
  }
}

async function ignoreNotFound<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
