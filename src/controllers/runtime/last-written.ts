// What a controller last wrote, per key, until its informer catches up. A controller that writes an
// object and reconciles it again before the watch event arrives would otherwise compute from the
// stale cached copy: write with an old resourceVersion (a 409) or repeat a write it already made.
import type { KubeObject } from '../../client/index.js';

export class LastWritten<T extends KubeObject> {
  private readonly byKey = new Map<string, T>();

  /** Records the object a write returned. */
  remember(key: string, written: T): void {
    const known = this.byKey.get(key);
    if (known === undefined || isNewer(written, known)) this.byKey.set(key, written);
  }

  /**
   * The newer of the cached object and the one last written under `key` (same uid). Once the cache
   * holds that write or a later one, the remembered copy is dropped.
   */
  freshest(key: string, cached: T): T {
    const written = this.byKey.get(key);
    if (written === undefined) return cached;
    if (written.metadata?.uid === cached.metadata?.uid && isNewer(written, cached)) return written;
    this.byKey.delete(key);
    return cached;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }
}

/**
 * Whether `a` is a later version than `b`. This API server's resourceVersions are store revisions
 * (decimal integers); anything else is opaque and never counts as newer, so the cache wins.
 */
function isNewer(a: KubeObject, b: KubeObject): boolean {
  const left = revision(a);
  const right = revision(b);
  return left !== undefined && right !== undefined && left > right;
}

function revision(object: KubeObject): number | undefined {
  const version = object.metadata?.resourceVersion;
  if (version === undefined || !/^\d{1,15}$/.test(version)) return undefined;
  return Number(version);
}
