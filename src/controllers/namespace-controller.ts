// The namespace controller: a namespace being deleted is emptied (every namespaced resource the
// server serves, found through discovery, is deleted as a collection), its status conditions say
// what remains, and once nothing does the "kubernetes" finalizer is removed through
// namespaces/<name>/finalize so the API server lets the namespace go.
import type { Namespace, NamespaceCondition, Pod } from '../api/index.js';
import { apiErrorFromResponse, isNotFound, type Informer, type KubeObject, type ResourceClient } from '../client/index.js';
import type { ControllerContext, ControllerFactory } from './controller-context.js';
import { discoverNamespacedResources } from './namespaced-resources.js';
import { requeueAfter, type Controller, type ReconcileResult } from './runtime/index.js';

const FINALIZER = 'kubernetes';
/** How soon to look again while content remains that no watch tells us about. */
const RECHECK_MS = 2000;

export const namespaceController: ControllerFactory = (context) => new NamespaceController(context).controller();

interface Remaining {
  /** resource (group-qualified) -> instances left */
  resources: Map<string, number>;
  /** finalizer -> instances holding it */
  finalizers: Map<string, number>;
  deleteFailures: string[];
}

class NamespaceController {
  private readonly namespaces: Informer<Namespace>;
  private readonly pods: Informer<Pod>;
  private readonly namespaceClient: ResourceClient<Namespace>;

  constructor(private readonly context: ControllerContext) {
    this.namespaces = context.manager.informer<Namespace>('v1', 'namespaces');
    this.pods = context.manager.informer<Pod>('v1', 'pods');
    this.namespaceClient = context.client.resource<Namespace>('v1', 'namespaces');
  }

  controller(): Controller {
    return {
      name: 'namespace',
      watches: [
        { informer: this.namespaces },
        // Pods are what usually lingers (graceful termination): their deletion re-checks the namespace.
        { informer: this.pods, map: (pod: Pod) => (this.namespaces.cache.get(pod.metadata?.namespace ?? '')?.metadata?.deletionTimestamp ? [pod.metadata?.namespace ?? ''] : []) },
      ],
      reconcile: (key) => this.reconcile(key),
    };
  }

  private async reconcile(name: string): Promise<ReconcileResult> {
    const namespace = this.namespaces.cache.get(name);
    if (namespace === undefined || !namespace.metadata?.deletionTimestamp) return;
    if (!(namespace.spec?.finalizers ?? []).includes(FINALIZER)) return;
    const remaining = await this.deleteAllContent(name);
    await this.writeConditions(name, remaining);
    if (remaining.resources.size > 0 || remaining.deleteFailures.length > 0) return requeueAfter(RECHECK_MS);
    await this.finalize(name);
  }

  private async deleteAllContent(namespace: string): Promise<Remaining> {
    const remaining: Remaining = { resources: new Map(), finalizers: new Map(), deleteFailures: [] };
    for (const descriptor of await discoverNamespacedResources(this.context.client)) {
      const resource = this.context.client.resource<KubeObject>(descriptor);
      const label = descriptor.group === '' ? descriptor.plural : `${descriptor.plural}.${descriptor.group}`;
      try {
        await resource.deleteCollection({ namespace, propagationPolicy: 'Background' });
      } catch (error) {
        if (!isNotFound(error)) remaining.deleteFailures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const { items } = await resource.list({ namespace });
      if (items.length === 0) continue;
      remaining.resources.set(label, items.length);
      for (const item of items) for (const finalizer of item.metadata?.finalizers ?? []) remaining.finalizers.set(finalizer, (remaining.finalizers.get(finalizer) ?? 0) + 1);
    }
    return remaining;
  }

  /** Upstream's five deletion conditions, each False when that problem is absent. */
  private async writeConditions(name: string, remaining: Remaining): Promise<void> {
    const resources = [...remaining.resources].sort(([a], [b]) => a.localeCompare(b));
    const finalizers = [...remaining.finalizers].sort(([a], [b]) => a.localeCompare(b));
    const conditions: [string, boolean, string, string][] = [
      ['NamespaceDeletionDiscoveryFailure', false, 'ResourcesDiscovered', 'All resources successfully discovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', false, 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
      remaining.deleteFailures.length > 0
        ? ['NamespaceDeletionContentFailure', true, 'ContentDeletionFailed', `Failed to delete all resource types, ${remaining.deleteFailures.length} remaining: ${remaining.deleteFailures.join(', ')}`]
        : ['NamespaceDeletionContentFailure', false, 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
      resources.length > 0
        ? ['NamespaceContentRemaining', true, 'SomeResourcesRemain', `Some resources are remaining: ${resources.map(([resource, count]) => `${resource} has ${count} resource instances`).join(', ')}`]
        : ['NamespaceContentRemaining', false, 'ContentRemoved', 'All content successfully removed'],
      finalizers.length > 0
        ? ['NamespaceFinalizersRemaining', true, 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${finalizers.map(([finalizer, count]) => `${finalizer} in ${count} resource instances`).join(', ')}`]
        : ['NamespaceFinalizersRemaining', false, 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
    ];
    try {
      const live = await this.namespaceClient.get(name);
      const now = new Date(this.context.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
      const previous = live.status?.conditions ?? [];
      const next: NamespaceCondition[] = conditions.map(([type, active, reason, message]) => {
        const status = active ? 'True' : 'False';
        const old = previous.find((condition) => condition.type === type);
        return { type, status, lastTransitionTime: old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : now, reason, message };
      });
      if (JSON.stringify(next) === JSON.stringify(previous)) return;
      await this.namespaceClient.updateStatus({ ...live, apiVersion: 'v1', kind: 'Namespace', status: { ...live.status, phase: 'Terminating', conditions: next } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async finalize(name: string): Promise<void> {
    try {
      const live = await this.namespaceClient.get(name);
      const finalizers = (live.spec?.finalizers ?? []).filter((finalizer) => finalizer !== FINALIZER);
      await this.context.client.transport
        .request({
          method: 'PUT',
          path: `/api/v1/namespaces/${encodeURIComponent(name)}/finalize`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...live, apiVersion: 'v1', kind: 'Namespace', spec: { ...live.spec, finalizers } }),
        })
        .then((response) => {
          if (response.status === 404) return;
          if (response.status < 200 || response.status > 299) throw apiErrorFromResponse(response.status, response.body);
        });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
