import { describe, expect, it } from 'vitest';
import { builtinServedResources } from '../builtin-resources.js';
import { decodeObject } from './resource-storage.js';

const served = builtinServedResources();
const core = served.find('', 'v1', 'events')!;
const events = served.find('events.k8s.io', 'v1', 'events')!;
const kv = (value: object) => ({ key: '/registry/events/default/e', value: JSON.stringify(value), createRevision: 5, modRevision: 7, version: 1 });

describe('Event conversion on read', () => {
  it('shows a core/v1 Event through events.k8s.io/v1 and back', () => {
    const stored = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, message: 'hi', reason: 'R', count: 2, source: { component: 'c' } };
    expect(decodeObject(events, kv(stored))).toEqual({
      apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', resourceVersion: '7' },
      regarding: { kind: 'Pod', name: 'p' }, note: 'hi', reason: 'R', deprecatedCount: 2, deprecatedSource: { component: 'c' },
    });
    const written = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, regarding: { name: 'p' }, note: 'n', reportingController: 'x' };
    expect(decodeObject(core, kv(written))).toMatchObject({ apiVersion: 'v1', involvedObject: { name: 'p' }, message: 'n', reportingComponent: 'x' });
  });
});

describe('HorizontalPodAutoscaler conversion on read', () => {
  const v1 = served.find('autoscaling', 'v1', 'horizontalpodautoscalers')!;
  const v2 = served.find('autoscaling', 'v2', 'horizontalpodautoscalers')!;
  it('turns the v1 CPU target into a v2 metric and back', () => {
    const stored = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 5, targetCPUUtilizationPercentage: 80, scaleTargetRef: { kind: 'Deployment', name: 'd' } } };
    const asV2 = decodeObject(v2, kv(stored));
    expect(asV2.spec).toEqual({ maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'd' }, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] });
    const asV1 = decodeObject(v1, kv({ ...asV2, apiVersion: 'autoscaling/v2' }));
    expect(asV1.spec).toEqual(stored.spec);
  });
});
