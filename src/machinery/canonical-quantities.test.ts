import { describe, expect, it } from 'vitest';
import { definition, definitionNameForKind, resolveRef } from '../api/index.js';
import type { SchemaNode } from '../api/schema-types.js';
import { canonicalizeQuantities } from './canonical-quantities.js';
import { createSchemaWalker } from './schema-walk.js';

const walker = createSchemaWalker((ref) => definition(ref));
const schemaOf = (group: string, version: string, kind: string) => resolveRef({ $ref: definitionNameForKind(group, version, kind) ?? '' }) as SchemaNode;

describe('canonicalizeQuantities', () => {
  it('rewrites container resources as a real server stores them', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', annotations: { note: '1000m' } },
      spec: {
        containers: [{ name: 'c', image: 'x', args: ['1000m'], resources: { limits: { cpu: '1000m', memory: '1024Mi' }, requests: { cpu: 0.5, memory: '1.5Gi', 'example.com/gpu': 2 } } }],
        overhead: { cpu: '250m' },
      },
    };
    const result = canonicalizeQuantities(pod, schemaOf('', 'v1', 'Pod'), walker);
    expect(result.spec.containers[0].resources).toEqual({
      limits: { cpu: '1', memory: '1Gi' },
      requests: { cpu: '500m', memory: '1536Mi', 'example.com/gpu': '2' },
    });
    expect(result.spec.containers[0].args).toEqual(['1000m']);
    expect(result.metadata.annotations).toEqual({ note: '1000m' });
    expect(pod.spec.containers[0].resources.limits.cpu).toBe('1000m');
  });

  it('reaches claims and quotas; leaves bad values for validation', () => {
    const claim = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } };
    expect(canonicalizeQuantities(claim, schemaOf('', 'v1', 'PersistentVolumeClaim'), walker).spec.resources.requests.storage).toBe('1Gi');
    const quota = { spec: { hard: { pods: '10', 'requests.cpu': '2000m', memory: 'lots' } } };
    expect(canonicalizeQuantities(quota, schemaOf('', 'v1', 'ResourceQuota'), walker).spec.hard).toEqual({ pods: '10', 'requests.cpu': '2', memory: 'lots' });
  });
});
