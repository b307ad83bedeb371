// Informer transforms (client-go's SharedInformer.SetTransform): trim objects before they are cached,
// so that a cache of 100,000 pods does not keep what its readers never look at.
import type { KubeObject } from './types.js';

/**
 * Called on every object before it is cached and handed to handlers (listed, added, updated and
 * deleted ones alike). Return the same object or a trimmed copy; never change its namespace or name.
 * It may be called again on an object it already transformed (as client-go's), so it must be
 * idempotent, and it must not change its argument in place: decoded watch objects can be shared by
 * several informers of one process.
 */
export type TransformFunc<T> = (object: T) => T;

/**
 * Drops metadata.managedFields (as kube-scheduler and kube-controller-manager do for their informers,
 * and controller-runtime's TransformStripManagedFields): it is about 40% of a pod's bytes and only
 * server-side apply reads it. Returns the object itself when it has none.
 */
export function dropManagedFields<T extends KubeObject>(object: T): T {
  const metadata = object.metadata;
  if (metadata?.managedFields === undefined) return object;
  const { managedFields: _dropped, ...kept } = metadata;
  return { ...object, metadata: kept };
}
