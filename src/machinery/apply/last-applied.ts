// Interplay with kubectl's client-side apply annotation, as upstream's lastAppliedManager and
// lastAppliedUpdater: `kubectl apply --server-side` (manager "kubectl") takes over fields whose live
// values still match the annotation without conflicts, and keeps the annotation current.
import type { SchemaNode } from '../../api/schema-types.js';
import { compareObjects } from './compare.js';
import { canonicalJson, isJsonObject, type JsonObject } from './json-value.js';
import { metadataOf, withoutManagedFields } from './object-meta.js';
import type { TypedContext } from './schema-shape.js';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
/** The only manager for which upstream upgrades client-side apply. */
export const upgradingManager = 'kubectl';
const annotationsSizeLimit = 256 * 1024;

function annotationsOf(object: JsonObject | null): Record<string, unknown> | undefined {
  const annotations = metadataOf(object)?.annotations;
  return isJsonObject(annotations) ? annotations : undefined;
}

function lastAppliedOf(object: JsonObject | null): JsonObject | undefined {
  const text = annotationsOf(object)?.[lastAppliedAnnotation];
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the live object still holds what client-side apply last applied (nothing in the
 * annotation was changed or removed since), so a conflicting apply by kubectl may be forced.
 */
export function mayUpgradeFromClientSideApply(context: TypedContext, manager: string, live: JsonObject | null, schema: SchemaNode | undefined): boolean {
  if (manager !== upgradingManager || live === null) return false;
  const lastApplied = lastAppliedOf(live);
  if (lastApplied === undefined) return false;
  try {
    const { modified, removed } = compareObjects(context, withoutManagedFields(lastApplied), withoutManagedFields(live), schema);
    return modified.isEmpty() && removed.isEmpty();
  } catch {
    return false;
  }
}

/**
 * When kubectl applies to an object carrying the annotation, rewrites it (in place) to the applied
 * configuration. Returns whether the object changed.
 */
export function refreshLastApplied(manager: string, object: JsonObject, applied: JsonObject): boolean {
  if (manager !== upgradingManager) return false;
  const annotations = annotationsOf(object);
  const previous = annotations?.[lastAppliedAnnotation];
  if (annotations === undefined || typeof previous !== 'string') return false;
  const config = withoutManagedFields(applied);
  const configAnnotations = annotationsOf(config);
  if (configAnnotations !== undefined) delete configAnnotations[lastAppliedAnnotation];
  const text = `${canonicalJson(config)}\n`;
  if (text.length > annotationsSizeLimit) delete annotations[lastAppliedAnnotation];
  else annotations[lastAppliedAnnotation] = text;
  return annotations[lastAppliedAnnotation] !== previous;
}
