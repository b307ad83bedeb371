// The status the server keeps on a CRD: NamesAccepted and Established (or Terminating) conditions,
// acceptedNames and storedVersions. lastTransitionTime only moves when a condition's status changes.
import type { CrdView } from './served-from-crd.js';
import { storageVersionOf } from './served-from-crd.js';
import type { NamesVerdict } from './names-acceptance.js';

type Obj = Record<string, unknown>;

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

function withTransitionTime(next: Omit<Condition, 'lastTransitionTime'>, previous: Condition[], now: Date): Condition {
  const before = previous.find((c) => c.type === next.type);
  const lastTransitionTime = before !== undefined && before.status === next.status ? before.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { type: next.type, status: next.status, lastTransitionTime, reason: next.reason, message: next.message };
}

export function desiredStatus(current: Obj, crd: CrdView, verdict: NamesVerdict, terminating: boolean, now: Date): Obj {
  const previous = (Array.isArray(current.conditions) ? current.conditions : []) as Condition[];
  const conditions: Omit<Condition, 'lastTransitionTime'>[] = [
    { type: 'NamesAccepted', status: verdict.accepted ? 'True' : 'False', reason: verdict.reason, message: verdict.message },
    verdict.accepted
      ? { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }
      : { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' },
  ];
  if (terminating) {
    conditions.push({ type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResourceDefinition marked for deletion; deleting instances' });
  }
  const previousAccepted = current.acceptedNames as Obj | undefined;
  const acceptedNames = verdict.accepted
    ? {
        plural: crd.names.plural,
        singular: crd.names.singular,
        ...(crd.names.shortNames.length > 0 ? { shortNames: crd.names.shortNames } : {}),
        kind: crd.names.kind,
        listKind: crd.names.listKind,
        ...(crd.names.categories.length > 0 ? { categories: crd.names.categories } : {}),
      }
    : (previousAccepted ?? { plural: '', kind: '' });
  const stored = Array.isArray(current.storedVersions) ? (current.storedVersions as string[]) : [];
  const storageVersion = storageVersionOf(crd);
  const storedVersions = verdict.accepted && storageVersion !== '' && !stored.includes(storageVersion) ? [...stored, storageVersion] : stored;
  return {
    conditions: conditions.map((condition) => withTransitionTime(condition, previous, now)),
    acceptedNames,
    storedVersions,
  };
}
