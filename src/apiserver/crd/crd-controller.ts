// Keeps ServedResources in step with the CRDs in the store: serves accepted CRDs, writes their
// status (conditions, acceptedNames, storedVersions), and on deletion removes every custom resource
// before letting the CRD go. Events are handled one at a time, in order.
import type { Logger } from 'pino';
import type { RefResolver } from '../../machinery/schema-walk.js';
import { isStoreError } from '../../store/errors.js';
import type { KeyValue, Store, Watch } from '../../store/types.js';
import type { ServedResource, ServedResources } from '../served-resources.js';
import { storagePrefix } from '../storage/keys.js';
import { desiredStatus } from './crd-status.js';
import { checkNames } from './names-acceptance.js';
import { readCrd, servedFromCrd, type CrdView } from './served-from-crd.js';

export const CRD_PREFIX = '/registry/apiextensions.k8s.io/customresourcedefinitions/';
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

type Obj = Record<string, unknown>;

interface KnownCrd {
  kv: KeyValue;
  object: Obj;
  view: CrdView;
}

export interface CrdControllerOptions {
  store: Store;
  served: ServedResources;
  logger: Logger;
  clock: () => Date;
  resolveRef: RefResolver;
}

const metadataOf = (object: Obj): Obj => (object.metadata ?? {}) as Obj;

const isServable = (crd: CrdView): boolean =>
  crd.group !== '' && crd.names.plural !== '' && crd.names.kind !== '' && crd.versions.some((version) => version.served && version.name !== '');

export class CrdController {
  private readonly known = new Map<string, KnownCrd>();
  private readonly servedBy = new Map<string, ServedResource[]>();
  private readonly abort = new AbortController();
  private watch: Watch | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: CrdControllerOptions) {}

  /** Lists the CRDs, serves them, then follows changes until stop(). Resolves after the first pass. */
  async start(): Promise<void> {
    const revision = await this.relist();
    this.loop = this.follow(revision + 1);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.watch?.close();
    await this.loop;
  }

  private async relist(): Promise<number> {
    const listed = await this.options.store.list(CRD_PREFIX);
    this.known.clear();
    for (const kv of listed.kvs) this.remember(kv);
    await this.reconcileAll();
    return listed.revision;
  }

  private async follow(fromRevision: number): Promise<void> {
    let from = fromRevision;
    while (!this.abort.signal.aborted) {
      try {
        this.watch = this.options.store.watch(CRD_PREFIX, { fromRevision: from, signal: this.abort.signal });
        for await (const event of this.watch) {
          if (event.type === 'progress') continue;
          from = event.kv.modRevision + 1;
          if (event.type === 'put') this.remember(event.kv);
          else this.known.delete(event.kv.key);
          await this.reconcileAll(event.type === 'delete' ? JSON.parse(event.kv.value) : undefined);
        }
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.options.logger.warn({ err: error }, 'CRD watch ended; relisting');
        try {
          from = (await this.relist()) + 1;
        } catch (relistError) {
          this.options.logger.error({ err: relistError }, 'CRD relist failed');
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    }
  }

  private remember(kv: KeyValue): void {
    try {
      const object = JSON.parse(kv.value) as Obj;
      this.known.set(kv.key, { kv, object, view: readCrd(object) });
    } catch (error) {
      this.options.logger.error({ err: error, key: kv.key }, 'unreadable CRD in the store');
    }
  }

  /** Recomputes every CRD: names are first come, first served, so one change can free another's names. */
  private async reconcileAll(deleted?: Obj): Promise<void> {
    if (deleted !== undefined) await this.forget(readCrd(deleted));
    const ordered = [...this.known.values()].sort(
      (a, b) => a.kv.createRevision - b.kv.createRevision || a.view.name.localeCompare(b.view.name),
    );
    const accepted: CrdView[] = [];
    const builtins = this.options.served.all().filter((resource) => resource.custom === undefined);
    for (const crd of ordered) {
      try {
        if (metadataOf(crd.object).deletionTimestamp !== undefined) {
          await this.terminate(crd);
          continue;
        }
        if (!isServable(crd.view)) {
          // Validation keeps such CRDs out of the store; one written around it is simply not served.
          this.unserve(crd.view.name);
          continue;
        }
        const verdict = checkNames(crd.view, accepted, builtins);
        if (verdict.accepted) {
          accepted.push(crd.view);
          this.serve(crd.view);
        } else {
          this.unserve(crd.view.name);
        }
        await this.writeStatus(crd, desiredStatus((crd.object.status ?? {}) as Obj, crd.view, verdict, false, this.options.clock()), true);
      } catch (error) {
        if (!isStoreError(error, 'Conflict') && !isStoreError(error, 'NotFound')) {
          this.options.logger.error({ err: error, crd: crd.view.name }, 'reconciling CRD failed');
        }
      }
    }
  }

  private serve(crd: CrdView): void {
    const next = servedFromCrd(crd, this.options.resolveRef);
    const nextKeys = new Set(next.map(({ info }) => `${info.group}/${info.version}/${info.plural}`));
    for (const { info } of this.servedBy.get(crd.name) ?? []) {
      if (!nextKeys.has(`${info.group}/${info.version}/${info.plural}`)) this.options.served.remove(info.group, info.version, info.plural);
    }
    const previous = JSON.stringify(this.servedBy.get(crd.name)?.map(({ info, schema, custom }) => [info, schema, custom]));
    if (previous !== JSON.stringify(next.map(({ info, schema, custom }) => [info, schema, custom]))) {
      for (const resource of next) this.options.served.add(resource);
    }
    this.servedBy.set(crd.name, next);
  }

  private unserve(crdName: string): ServedResource[] {
    const resources = this.servedBy.get(crdName) ?? [];
    for (const { info } of resources) this.options.served.remove(info.group, info.version, info.plural);
    this.servedBy.delete(crdName);
    return resources;
  }

  private async writeStatus(crd: KnownCrd, status: Obj, ensureFinalizer: boolean): Promise<void> {
    const metadata = metadataOf(crd.object);
    const finalizers = Array.isArray(metadata.finalizers) ? (metadata.finalizers as string[]) : [];
    const addFinalizer = ensureFinalizer && !finalizers.includes(CLEANUP_FINALIZER);
    if (!addFinalizer && JSON.stringify(crd.object.status) === JSON.stringify(status)) return;
    const next: Obj = {
      ...crd.object,
      metadata: addFinalizer ? { ...metadata, finalizers: [...finalizers, CLEANUP_FINALIZER] } : metadata,
      status,
    };
    await this.options.store.update(crd.kv.key, JSON.stringify(next), crd.kv.modRevision);
  }

  /** A CRD marked for deletion: stop serving it, delete its objects, then drop our finalizer. */
  private async terminate(crd: KnownCrd): Promise<void> {
    const removed = this.unserve(crd.view.name);
    await this.deleteInstances(crd.view, removed);
    const metadata = metadataOf(crd.object);
    const finalizers = (Array.isArray(metadata.finalizers) ? (metadata.finalizers as string[]) : []).filter((f) => f !== CLEANUP_FINALIZER);
    if (finalizers.length === 0) {
      await this.options.store.delete(crd.kv.key, crd.kv.modRevision);
      return;
    }
    const status = desiredStatus((crd.object.status ?? {}) as Obj, crd.view, { accepted: true, reason: 'NoConflicts', message: 'no conflicts found' }, true, this.options.clock());
    await this.options.store.update(crd.kv.key, JSON.stringify({ ...crd.object, metadata: { ...metadata, finalizers }, status }), crd.kv.modRevision);
  }

  /** The CRD is gone from the store (deleted without our finalizer): clean up after it. */
  private async forget(crd: CrdView): Promise<void> {
    const removed = this.unserve(crd.name);
    await this.deleteInstances(crd, removed);
  }

  private async deleteInstances(crd: CrdView, resources: ServedResource[]): Promise<void> {
    const prefix = resources.length > 0 ? storagePrefix(resources[0]) : `/registry/${crd.group}/${crd.names.plural}/`;
    for (;;) {
      const page = await this.options.store.list(prefix, { limit: 500 });
      for (const kv of page.kvs) {
        try {
          await this.options.store.delete(kv.key);
        } catch (error) {
          if (!isStoreError(error, 'NotFound')) throw error;
        }
      }
      if (!page.more) return;
    }
  }
}
