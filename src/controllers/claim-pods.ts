// Upstream's PodControllerRefManager.ClaimPods for a controller: pods it controls that still match
// its selector, plus matching orphans it adopts; controlled pods that stopped matching are released.
import type { LabelSelector, Pod } from '../api/index.js';
import { type CacheReader, isNotFound, type KubeObject, objectKey, type ResourceClient } from '../client/index.js';
import { labelSelectorFromObject, matchesLabels } from '../machinery/index.js';
import { adopt, controllerRefTo, releaseOwner } from './owner-references.js';

export interface ClaimOwner {
  object: KubeObject;
  apiVersion: string;
  kind: string;
  selector: LabelSelector | undefined;
}

/** Pods without a controller, by namespace: with `ownerUid`, what an owner may claim without scanning its namespace. */
export const ORPHAN_INDEX = 'orphanNamespace';

export const orphanIndexer = (object: KubeObject): string[] =>
  object.metadata?.ownerReferences?.some((reference) => reference.controller) ? [] : [object.metadata?.namespace ?? ''];

/** The dependents an owner could claim: those referencing it, and the orphans of its namespace (needs ORPHAN_INDEX). */
export function claimCandidates<T extends KubeObject>(dependents: CacheReader<T>, owner: KubeObject): T[] {
  const referencing = dependents.byIndex('ownerUid', owner.metadata?.uid ?? '');
  const orphans = dependents.byIndex(ORPHAN_INDEX, owner.metadata?.namespace ?? '');
  if (orphans.length === 0) return referencing;
  return [...new Set([...referencing, ...orphans])];
}

export async function claimPods(podClient: ResourceClient<Pod>, candidates: Pod[], owner: ClaimOwner): Promise<Pod[]> {
  const selector = labelSelectorFromObject(owner.selector);
  const uid = owner.object.metadata?.uid ?? '';
  const ownerDeleting = Boolean(owner.object.metadata?.deletionTimestamp);
  const claimed: Pod[] = [];
  for (const pod of candidates) {
    const controllerRef = pod.metadata?.ownerReferences?.find((reference) => reference.controller);
    const matches = matchesLabels(selector, pod.metadata?.labels);
    if (controllerRef !== undefined) {
      if (controllerRef.uid !== uid) continue;
      if (matches) claimed.push(pod);
      else if (!pod.metadata?.deletionTimestamp) await ignoreNotFound(releaseOwner(podClient, pod, uid));
      continue;
    }
    if (!matches || ownerDeleting || pod.metadata?.deletionTimestamp) continue;
    const adopted = await ignoreNotFound(adopt(podClient, pod, controllerRefTo(owner.object, owner.apiVersion, owner.kind)));
    if (adopted !== undefined) claimed.push(adopted);
  }
  return claimed;
}

async function ignoreNotFound<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Which owners to reconcile when a dependent changes: its controller of this kind when it has one
 * (`controllerKey`), nothing when another controller owns it, and for an orphan every owner in its
 * namespace whose selector matches it (so that owner can adopt it).
 */
export function ownersToReconcile<O extends KubeObject & { spec?: { selector?: LabelSelector } }>(
  dependent: KubeObject,
  controllerKey: (dependent: KubeObject) => string[],
  owners: CacheReader<O>,
): string[] {
  const controlled = controllerKey(dependent);
  if (controlled.length > 0 || dependent.metadata?.ownerReferences?.some((reference) => reference.controller)) return controlled;
  return owners
    .byIndex('namespace', dependent.metadata?.namespace ?? '')
    .filter((owner) => matchesLabels(labelSelectorFromObject(owner.spec?.selector), dependent.metadata?.labels))
    .map((owner) => objectKey(owner));
}
