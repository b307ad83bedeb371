// The pods each ReplicaSet controls, with their counts kept up to date from pod events, so a
// reconcile reads replicas, ready and fully labeled counts in O(1) instead of walking every pod of
// the ReplicaSet on each pod event (O(n²) over a rollout). Keyed by the controller reference's uid,
// as ClaimPods matches it; what a pod counts for depends on the ReplicaSet's selector and template
// labels (the basis), and is computed again for all its pods when they change.
import type { LabelSelector as LabelSelectorObject, Pod } from '../api/index.js';
import { objectKey } from '../client/index.js';
import { labelSelectorFromObject, matchesLabels, type LabelSelector } from '../machinery/index.js';
import { isPodActive, podReadySince } from './pod-state.js';

const OWNED = 1; // matches the selector
const STRAY = 2; // controlled, no longer matches, not being deleted: to be released
const ACTIVE = 4;
const READY = 8;
const FULLY_LABELED = 16;

export interface TallyBasis {
  selector: LabelSelectorObject | undefined;
  templateLabels: Record<string, string> | undefined;
}

export interface TallyCounts {
  /** Owned active pods (status.replicas). */
  active: number;
  ready: number;
  fullyLabeled: number;
  /** Controlled pods that stopped matching the selector and must be released. */
  strays: number;
}

interface Member {
  pod: Pod;
  bits: number;
}

interface ParsedBasis {
  text: string;
  selector: LabelSelector;
  templateLabels: [string, string][];
}

class Tally {
  readonly members = new Map<string, Member>();
  basis?: ParsedBasis;
  readonly counts: TallyCounts = { active: 0, ready: 0, fullyLabeled: 0, strays: 0 };

  add(key: string, pod: Pod): void {
    const member = { pod, bits: this.basis === undefined ? 0 : bitsOf(pod, this.basis) };
    this.members.set(key, member);
    this.count(member.bits, 1);
  }

  remove(key: string): void {
    const member = this.members.get(key);
    if (member === undefined) return;
    this.members.delete(key);
    this.count(member.bits, -1);
  }

  rebase(basis: ParsedBasis): void {
    this.basis = basis;
    Object.assign(this.counts, { active: 0, ready: 0, fullyLabeled: 0, strays: 0 });
    for (const member of this.members.values()) {
      member.bits = bitsOf(member.pod, basis);
      this.count(member.bits, 1);
    }
  }

  private count(bits: number, delta: number): void {
    if (bits & ACTIVE) this.counts.active += delta;
    if (bits & READY) this.counts.ready += delta;
    if (bits & FULLY_LABELED) this.counts.fullyLabeled += delta;
    if (bits & STRAY) this.counts.strays += delta;
  }
}

export class ReplicaSetPodTally {
  private readonly byOwnerUid = new Map<string, Tally>();

  /** Call with each pod event: (undefined, pod) added, (old, pod) updated, (pod, undefined) deleted. */
  observe(previous: Pod | undefined, current: Pod | undefined): void {
    const before = previous === undefined ? undefined : replicaSetUid(previous);
    const after = current === undefined ? undefined : replicaSetUid(current);
    if (before !== undefined) {
      const tally = this.byOwnerUid.get(before);
      tally?.remove(objectKey(previous!));
      if (tally !== undefined && tally.members.size === 0 && before !== after) this.byOwnerUid.delete(before);
    }
    if (after !== undefined) {
      let tally = this.byOwnerUid.get(after);
      if (tally === undefined) {
        tally = new Tally();
        this.byOwnerUid.set(after, tally);
      }
      tally.add(objectKey(current!), current!);
    }
  }

  /** The counts of the pods controlled by the ReplicaSet `uid`, judged by its selector and template labels. */
  counts(uid: string, basis: TallyBasis): TallyCounts {
    const tally = this.byOwnerUid.get(uid);
    if (tally === undefined) return { active: 0, ready: 0, fullyLabeled: 0, strays: 0 };
    const text = JSON.stringify([basis.selector ?? null, basis.templateLabels ?? null]);
    if (tally.basis?.text !== text) {
      tally.rebase({ text, selector: labelSelectorFromObject(basis.selector), templateLabels: Object.entries(basis.templateLabels ?? {}) });
    }
    return { ...tally.counts };
  }

  /** The owned active pods of the ReplicaSet `uid` (as of the last counts() basis). */
  activePods(uid: string): Pod[] {
    const pods: Pod[] = [];
    for (const member of this.byOwnerUid.get(uid)?.members.values() ?? []) if (member.bits & ACTIVE) pods.push(member.pod);
    return pods;
  }

  /** How many ReplicaSets have controlled pods (for tests). */
  get size(): number {
    return this.byOwnerUid.size;
  }
}

function replicaSetUid(pod: Pod): string | undefined {
  const references = pod.metadata?.ownerReferences;
  if (references === undefined) return undefined;
  for (const reference of references) if (reference.controller) return reference.kind === 'ReplicaSet' ? reference.uid : undefined;
  return undefined;
}

function bitsOf(pod: Pod, basis: ParsedBasis): number {
  if (!matchesLabels(basis.selector, pod.metadata?.labels)) return pod.metadata?.deletionTimestamp ? 0 : STRAY;
  if (!isPodActive(pod)) return OWNED;
  let bits = OWNED | ACTIVE;
  if (podReadySince(pod) !== undefined) bits |= READY;
  const labels = pod.metadata?.labels;
  if (basis.templateLabels.every(([name, value]) => labels?.[name] === value)) bits |= FULLY_LABELED;
  return bits;
}
