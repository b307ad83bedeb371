// Pure helpers of the Deployment controller (upstream's deployment/util): the pod-template hash,
// template equality ignoring that hash, maxSurge/maxUnavailable resolution, revision annotations.
import { createHash } from 'node:crypto';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../api/index.js';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations that are never copied to its ReplicaSets. */
const NOT_COPIED = new Set([REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'kubectl.kubernetes.io/last-applied-configuration', 'deprecated.deployment.rollback.to']);

/** JSON with object keys sorted: equal values print equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A stable short hash of the template (and collision count), in upstream's vowel-free alphabet. */
export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const digest = createHash('sha256').update(canonicalJson(template ?? {}));
  if (collisionCount !== undefined) digest.update(`#${collisionCount}`);
  const number = digest.digest().readUInt32BE(0);
  return [...String(number)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

/**
 * Canonical JSON of templates without their hash label, by template object: the Deployment
 * controller compares the same cached (read-only) templates on every sync.
 */
const comparableForms = new WeakMap<PodTemplateSpec, string>();

function comparableForm(template: PodTemplateSpec | undefined): string {
  if (template === undefined) return canonicalJson(withoutHash(undefined));
  let form = comparableForms.get(template);
  if (form === undefined) {
    form = canonicalJson(withoutHash(template));
    comparableForms.set(template, form);
  }
  return form;
}

export function templatesEqualIgnoringHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return comparableForm(a) === comparableForm(b);
}

/** An IntOrString of a replica count: ints as they are, percents of `total` rounded up or down. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean, fallback: number | string): number {
  const given = value ?? fallback;
  if (typeof given === 'number') return given;
  const match = /^(\d+)%$/.exec(given);
  if (match === null) return Number.parseInt(given, 10) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** [maxSurge, maxUnavailable] for a rolling update (never both 0), as upstream's ResolveFenceposts. */
export function resolveFenceposts(deployment: Deployment): [number, number] {
  const replicas = deployment.spec?.replicas ?? 1;
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  if (deployment.spec?.strategy?.type === 'Recreate') return [0, 0];
  const surge = scaledValue(rolling?.maxSurge, replicas, true, '25%');
  let unavailable = scaledValue(rolling?.maxUnavailable, replicas, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, Math.min(unavailable, replicas)];
}

export function revisionOf(rs: ReplicaSet | undefined): number {
  return Number.parseInt(rs?.metadata?.annotations?.[REVISION] ?? '0', 10) || 0;
}

export function maxRevision(replicaSets: ReplicaSet[]): number {
  return Math.max(0, ...replicaSets.map(revisionOf));
}

/** The Deployment annotations a ReplicaSet carries, plus revision and replica-count annotations. */
export function replicaSetAnnotations(deployment: Deployment, rs: ReplicaSet | undefined, revision: number, maxSurge: number): Record<string, string> {
  const annotations: Record<string, string> = { ...(rs?.metadata?.annotations ?? {}) };
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) if (!NOT_COPIED.has(key)) annotations[key] = value;
  const previous = annotations[REVISION];
  if (previous !== undefined && previous !== String(revision)) {
    const history = annotations[REVISION_HISTORY];
    annotations[REVISION_HISTORY] = history ? `${history},${previous}` : previous;
  }
  annotations[REVISION] = String(revision);
  const replicas = deployment.spec?.replicas ?? 1;
  annotations[DESIRED_REPLICAS] = String(replicas);
  annotations[MAX_REPLICAS] = String(replicas + maxSurge);
  return annotations;
}

export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 0;
}

export function sum(replicaSets: ReplicaSet[], count: (rs: ReplicaSet) => number): number {
  return replicaSets.reduce((total, rs) => total + count(rs), 0);
}

export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const created = (rs: ReplicaSet) => Date.parse(rs.metadata?.creationTimestamp ?? '') || 0;
  return created(a) - created(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}
