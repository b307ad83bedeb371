// Upstream's NamespaceLifecycle admission: new objects need an existing namespace that is not being
// deleted; the four system namespaces can never be deleted.
import { forbidden, notFound } from '../../machinery/index.js';
import type { ApiContext } from '../context.js';
import type { ServedResource } from '../served-resources.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function admitCreateInNamespace(ctx: ApiContext, resource: ServedResource, namespace: string | undefined, name: string): Promise<void> {
  if (!resource.info.namespaced || namespace === undefined) return;
  const { kv } = await ctx.store.get(`/registry/namespaces/${namespace}`);
  if (kv === null) throw notFound('namespaces', namespace);
  const phase = (JSON.parse(kv.value) as { status?: { phase?: string } }).status?.phase;
  if (phase === 'Terminating') {
    throw forbidden(
      { group: resource.info.group, resource: resource.info.plural },
      name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
    );
  }
}

export function admitNamespaceDelete(resource: ServedResource, name: string): void {
  if (resource.info.group === '' && resource.info.plural === 'namespaces' && SYSTEM_NAMESPACES.includes(name)) {
    throw forbidden('namespaces', name, 'this namespace may not be deleted');
  }
}
