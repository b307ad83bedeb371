// The selector and pod labels upstream's Job strategy generates on create (unless
// spec.manualSelector is true): pods carry the job's name and uid, the selector picks the uid.
import { cloneJson } from './json-clone.js';

type Json = Record<string, unknown>;

export const jobNameLabel = 'batch.kubernetes.io/job-name';
export const legacyJobNameLabel = 'job-name';
export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const legacyControllerUidLabel = 'controller-uid';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(target: Json, key: string): Json {
  if (!isObject(target[key])) target[key] = {};
  return target[key] as Json;
}

/** Returns a copy of a Job (name and uid already set) with the generated selector and template labels. */
export function withGeneratedJobSelector<T>(job: T): T {
  if (!isObject(job)) return job;
  const copy = cloneJson(job) as Json;
  const spec = child(copy, 'spec');
  if (spec.manualSelector === true) return copy as T;
  const metadata = isObject(copy.metadata) ? copy.metadata : {};
  const name = String(metadata.name ?? '');
  const uid = String(metadata.uid ?? '');
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const key of [legacyJobNameLabel, jobNameLabel]) if (labels[key] === undefined) labels[key] = name;
  for (const key of [legacyControllerUidLabel, controllerUidLabel]) if (labels[key] === undefined) labels[key] = uid;
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  if (matchLabels[controllerUidLabel] === undefined) matchLabels[controllerUidLabel] = uid;
  return copy as T;
}
