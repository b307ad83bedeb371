import { describe, expect, it } from 'vitest';
import type { Deployment } from '../api/index.js';
import { canonicalJson, podTemplateHash, replicaSetAnnotations, resolveFenceposts, templatesEqualIgnoringHash } from './deployment-util.js';

const rolling = (replicas: number, maxSurge?: number | string, maxUnavailable?: number | string): Deployment => ({
  spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } },
});

describe('deployment helpers', () => {
  it('resolves maxSurge rounding up and maxUnavailable rounding down, never both zero', () => {
    expect(resolveFenceposts(rolling(10))).toEqual([3, 2]);
    expect(resolveFenceposts(rolling(3))).toEqual([1, 0]);
    expect(resolveFenceposts(rolling(3, 0, 0))).toEqual([0, 1]);
    expect(resolveFenceposts(rolling(4, '50%', '50%'))).toEqual([2, 2]);
    expect(resolveFenceposts(rolling(2, 1, 5))).toEqual([1, 2]);
    expect(resolveFenceposts({ spec: { replicas: 3, selector: {}, template: {}, strategy: { type: 'Recreate' } } })).toEqual([0, 0]);
  });

  it('hashes templates stably, whatever the key order, in the safe alphabet', () => {
    const a = podTemplateHash({ metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    const b = podTemplateHash({ spec: { containers: [{ image: 'i', name: 'c' }] }, metadata: { labels: { tier: 'y', app: 'x' } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(podTemplateHash({ metadata: { labels: { app: 'x' } } }, 1)).not.toBe(podTemplateHash({ metadata: { labels: { app: 'x' } } }));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it('compares templates ignoring the pod-template-hash label', () => {
    expect(templatesEqualIgnoringHash({ metadata: { labels: { app: 'x', 'pod-template-hash': 'abc' } } }, { metadata: { labels: { app: 'x' } } })).toBe(true);
    expect(templatesEqualIgnoringHash({ metadata: { labels: { app: 'x' } } }, { metadata: { labels: { app: 'y' } } })).toBe(false);
  });

  it('keeps the revision history when a ReplicaSet gets a new revision, copying deployment annotations', () => {
    const deployment: Deployment = { metadata: { annotations: { 'kubernetes.io/change-cause': 'undo', 'deployment.kubernetes.io/revision': '3' } }, spec: { replicas: 4, selector: {}, template: {} } };
    expect(replicaSetAnnotations(deployment, { metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } } }, 3, 1)).toEqual({
      'kubernetes.io/change-cause': 'undo',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });
});
