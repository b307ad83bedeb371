// Adopting and releasing dependents the way upstream's ControllerRefManager does: merge patches
// guarded by the dependent's uid, so a replaced object of the same name is never touched.
import type { OwnerReference } from '../api/index.js';
import type { KubeObject, ResourceClient } from '../client/index.js';

export function controllerRefTo(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export async function adopt<T extends KubeObject>(resource: ResourceClient<T>, dependent: T, reference: OwnerReference): Promise<T> {
  const references = [...(dependent.metadata?.ownerReferences ?? []), reference];
  return resource.patch(dependent.metadata?.name ?? '', { metadata: { uid: dependent.metadata?.uid, ownerReferences: references } }, { type: 'merge', namespace: dependent.metadata?.namespace });
}

export async function releaseOwner<T extends KubeObject>(resource: ResourceClient<T>, dependent: T, ownerUid: string): Promise<T> {
  const references = (dependent.metadata?.ownerReferences ?? []).filter((reference) => reference.uid !== ownerUid);
  return resource.patch(dependent.metadata?.name ?? '', { metadata: { uid: dependent.metadata?.uid, ownerReferences: references.length === 0 ? null : references } }, { type: 'merge', namespace: dependent.metadata?.namespace });
}
