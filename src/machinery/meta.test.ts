import { describe, expect, it } from 'vitest';
import {
  controllerOf,
  formatApiVersion,
  isBeingDeleted,
  isOwnedBy,
  keyOf,
  newControllerRef,
  nextGeneration,
  objectKey,
  parseApiVersion,
  specChanged,
  splitObjectKey,
  withFinalizer,
  withoutFinalizer,
} from './meta.js';
import { podQOSClass } from './pod-qos.js';

describe('object keys and api versions', () => {
  it('round-trips keys', () => {
    expect(objectKey('default', 'web')).toBe('default/web');
    expect(objectKey(undefined, 'node-1')).toBe('node-1');
    expect(splitObjectKey('default/web')).toEqual({ namespace: 'default', name: 'web' });
    expect(splitObjectKey('node-1')).toEqual({ name: 'node-1' });
    expect(keyOf({ metadata: { name: 'a', namespace: 'b' } })).toBe('b/a');
  });

  it('splits api versions', () => {
    expect(parseApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
    expect(parseApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(formatApiVersion('', 'v1')).toBe('v1');
    expect(formatApiVersion('batch', 'v1')).toBe('batch/v1');
  });
});

describe('deletion, finalizers and owners', () => {
  it('isBeingDeleted', () => {
    expect(isBeingDeleted({ metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } })).toBe(true);
    expect(isBeingDeleted({ metadata: { deletionTimestamp: null } })).toBe(false);
    expect(isBeingDeleted({})).toBe(false);
  });

  it('finalizers are added once and removed cleanly', () => {
    const obj = { metadata: { name: 'a' } };
    const added = withFinalizer(withFinalizer(obj, 'x/y'), 'x/y');
    expect(added.metadata).toEqual({ name: 'a', finalizers: ['x/y'] });
    expect(withoutFinalizer(added, 'x/y').metadata).toEqual({ name: 'a' });
    expect(obj).toEqual({ metadata: { name: 'a' } });
  });

  it('controller references', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', uid: 'u1' } };
    const ref = newControllerRef(owner);
    expect(ref).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true, blockOwnerDeletion: true });
    const pod = { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u0' }, ref] } };
    expect(controllerOf(pod)).toEqual(ref);
    expect(isOwnedBy(pod, 'u0')).toBe(true);
    expect(isOwnedBy(pod, 'u9')).toBe(false);
  });
});

describe('generation bumps', () => {
  const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', generation: 4, labels: { a: '1' } }, spec: { replicas: 1 }, status: { replicas: 1 } };

  it('spec changes bump, metadata and status changes do not', () => {
    expect(nextGeneration(base, { ...base, spec: { replicas: 2 } })).toBe(5);
    expect(nextGeneration(base, { ...base, metadata: { ...base.metadata, labels: { a: '2' } } })).toBe(4);
    expect(nextGeneration(base, { ...base, status: { replicas: 3 } })).toBe(4);
    expect(specChanged(base, { ...base, data: { x: 1 } })).toBe(true);
  });

  it('without a status subresource, status counts as spec', () => {
    expect(nextGeneration(base, { ...base, status: { replicas: 3 } }, { statusSubresource: false })).toBe(5);
  });
});

describe('podQOSClass', () => {
  const withResources = (...resources: unknown[]) => ({ containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) });
  it('classifies as upstream', () => {
    expect(podQOSClass(withResources({}))).toBe('BestEffort');
    expect(podQOSClass(withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }))).toBe('Guaranteed');
    expect(podQOSClass(withResources({ limits: { cpu: '1', memory: '1Gi' } }))).toBe('Guaranteed');
    expect(podQOSClass(withResources({ requests: { cpu: '100m' } }))).toBe('Burstable');
    expect(podQOSClass(withResources({ limits: { cpu: '1', memory: '1Gi' } }, {}))).toBe('Burstable');
  });
});
