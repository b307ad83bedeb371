// Key mappers for watches: an object's own key, or the key of its controller owner.
import { objectKey, type KubeObject } from '../../client/index.js';
import type { KeyMapper } from './controller.js';

export const selfKey: KeyMapper<KubeObject> = (object) => [objectKey(object)];

/**
 * The key of the object's controller owner (ownerReferences[].controller) when that owner is of
 * `kind` (and `apiVersion`'s group, when given): a change to a Pod enqueues its ReplicaSet.
 * Owners live in the owned object's namespace.
 */
export function controllerOwnerKey(owner: { kind: string; apiVersion?: string }): KeyMapper<KubeObject> {
  const group = owner.apiVersion === undefined ? undefined : groupOf(owner.apiVersion);
  return (object) => {
    const reference = object.metadata?.ownerReferences?.find((candidate) => candidate.controller === true);
    if (reference === undefined || reference.kind !== owner.kind) return [];
    if (group !== undefined && groupOf(reference.apiVersion) !== group) return [];
    const namespace = object.metadata?.namespace;
    return [namespace ? `${namespace}/${reference.name}` : reference.name];
  };
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
