// Pod updates, as upstream's ValidatePodUpdate: a pod's spec is immutable except container images,
// activeDeadlineSeconds (set or lowered), added tolerations, and a negative grace period set to 1.
import { jsonEqual } from './json-equal.js';
import { fieldForbidden, fieldInvalid, type FieldError } from './field-errors.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const podUpdateForbiddenMessage =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function withImagesFrom(containers: unknown, source: unknown): unknown {
  if (!Array.isArray(containers) || !Array.isArray(source) || containers.length !== source.length) return containers;
  return containers.map((container, index) => {
    const from = source[index];
    return isObject(container) && isObject(from) && from.image !== undefined ? { ...container, image: from.image } : container;
  });
}

const plainObject: object = Object.freeze({});

/** Whether `key` is among Object.keys(object) (what a spread copies). */
function ownEnumerable(object: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(object, key);
}

function withoutSeconds(toleration: unknown): unknown {
  if (!isObject(toleration)) return toleration;
  const { tolerationSeconds: _seconds, ...rest } = toleration;
  return rest;
}

/** Field errors of changing a pod's spec from `oldSpec` to `newSpec`. */
export function validatePodSpecUpdate(newSpec: unknown, oldSpec: unknown): FieldError[] {
  if (!isObject(newSpec) || !isObject(oldSpec)) return [];
  const errors: FieldError[] = [];
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  const newDeadline = newSpec.activeDeadlineSeconds;
  if (typeof oldDeadline === 'number') {
    if (newDeadline === undefined || newDeadline === null) {
      errors.push(fieldInvalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
    } else if (typeof newDeadline === 'number' && newDeadline > oldDeadline) {
      errors.push(fieldInvalid('spec.activeDeadlineSeconds', newDeadline, 'must be less than or equal to previous value'));
    }
  }
  const oldTolerations = Array.isArray(oldSpec.tolerations) ? oldSpec.tolerations : [];
  const newTolerations = Array.isArray(newSpec.tolerations) ? newSpec.tolerations : [];
  for (const toleration of oldTolerations) {
    if (!newTolerations.some((candidate) => jsonEqual(withoutSeconds(candidate), withoutSeconds(toleration)))) {
      errors.push(fieldForbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }
  // Everything else must be equal once the allowed changes are carried over: the new spec with the
  // old values of those fields ("munged"), compared key by key without building it.
  const overrides = new Map<string, unknown>([
    ['containers', withImagesFrom(newSpec.containers, oldSpec.containers)],
    ['initContainers', withImagesFrom(newSpec.initContainers, oldSpec.initContainers)],
    ['activeDeadlineSeconds', oldSpec.activeDeadlineSeconds],
    ['tolerations', oldSpec.tolerations],
    ['schedulingGates', oldSpec.schedulingGates],
  ]);
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && newSpec.terminationGracePeriodSeconds === 1) overrides.set('terminationGracePeriodSeconds', oldGrace);
  const mungedValue = (key: string): unknown => {
    if (overrides.has(key)) return overrides.get(key);
    // A key the new spec lacks reads through a plain object's prototype, as it would on a spread copy.
    return ownEnumerable(newSpec, key) ? newSpec[key] : (plainObject as Json)[key];
  };
  const changed: string[] = [];
  const compare = (key: string): void => {
    if (!jsonEqual(oldSpec[key], mungedValue(key))) changed.push(key);
  };
  for (const key of Object.keys(oldSpec)) compare(key);
  for (const key of Object.keys(newSpec)) if (!ownEnumerable(oldSpec, key)) compare(key);
  for (const key of overrides.keys()) {
    if (!ownEnumerable(oldSpec, key) && !ownEnumerable(newSpec, key)) compare(key);
  }
  changed.sort();
  if (changed.length > 0) errors.push(fieldForbidden('spec', `${podUpdateForbiddenMessage}\n  changed: ${changed.map((key) => `spec.${key}`).join(', ')}`));
  return errors;
}
