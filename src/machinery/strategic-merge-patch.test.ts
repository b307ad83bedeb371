import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../api/schema-types.js';
import { StatusError } from './errors.js';
import { createSchemaWalker } from './schema-walk.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

// A hand-made slice of the Pod/Deployment schemas with upstream's patch metadata.
const definitions: Record<string, SchemaNode> = {
  Container: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      image: { type: 'string' },
      args: { type: 'array', items: { type: 'string' } },
      ports: { type: 'array', patchStrategy: 'merge', patchMergeKey: 'containerPort', items: { $ref: 'Port' } },
      env: { type: 'array', patchStrategy: 'merge', patchMergeKey: 'name', items: { type: 'object' } },
    },
  },
  Port: { type: 'object', properties: { containerPort: { type: 'integer' }, protocol: { type: 'string' } } },
  Volume: {
    type: 'object',
    properties: { name: { type: 'string' }, hostPath: { type: 'object' }, emptyDir: { type: 'object' } },
  },
};
const schema: SchemaNode = {
  type: 'object',
  properties: {
    metadata: {
      type: 'object',
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        finalizers: { type: 'array', patchStrategy: 'merge', items: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      properties: {
        containers: { type: 'array', patchStrategy: 'merge', patchMergeKey: 'name', items: { $ref: 'Container' } },
        volumes: { type: 'array', patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', items: { $ref: 'Volume' } },
        strategy: {
          type: 'object',
          patchStrategy: 'retainKeys',
          properties: { type: { type: 'string' }, rollingUpdate: { type: 'object' } },
        },
        tolerations: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};
const walker = createSchemaWalker((ref) => definitions[ref]);

function smp(doc: unknown, patch: unknown): unknown {
  return applyStrategicMergePatch(doc, patch, schema, walker);
}

const pod = {
  metadata: { name: 'p', labels: { app: 'web', tier: 'front' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1', args: ['-x'], ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'busybox' },
    ],
    tolerations: [{ key: 'a' }],
  },
};

describe('strategic merge patch: maps', () => {
  it('merges maps and deletes fields set to null', () => {
    expect(smp(pod, { metadata: { labels: { tier: null, env: 'prod' } } })).toMatchObject({
      metadata: { name: 'p', labels: { app: 'web', env: 'prod' } },
    });
  });

  it('$patch: replace on a map replaces it', () => {
    expect((smp(pod, { metadata: { labels: { $patch: 'replace', only: 'me' } } }) as typeof pod).metadata.labels).toEqual({ only: 'me' });
  });

  it('$patch: delete on a map empties it', () => {
    expect((smp(pod, { metadata: { labels: { $patch: 'delete' } } }) as typeof pod).metadata.labels).toEqual({});
  });

  it('fields without a schema behave like a merge patch', () => {
    expect(smp({ extra: { a: 1, b: [1, 2] } }, { extra: { b: [3], c: null, d: { e: null, f: 1 } } })).toEqual({
      extra: { a: 1, b: [3], d: { f: 1 } },
    });
  });

  it('does not modify the document', () => {
    const copy = structuredClone(pod);
    smp(pod, { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] }, metadata: { labels: null } });
    expect(pod).toEqual(copy);
  });
});

describe('strategic merge patch: lists', () => {
  it('merges lists of maps by merge key, recursively', () => {
    const result = smp(pod, {
      spec: { containers: [{ name: 'nginx', image: 'nginx:2', ports: [{ containerPort: 443 }], args: ['-y'] }] },
    }) as typeof pod;
    expect(result.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:2', args: ['-y'], ports: [{ containerPort: 443 }, { containerPort: 80 }] },
      { name: 'sidecar', image: 'busybox' },
    ]);
  });

  it('adds new elements; patched items keep patch order, server-only items slot in by live order', () => {
    // As upstream's mergeSortedSlice: an item the live list does not know sorts before server-only items.
    const result = smp(pod, { spec: { containers: [{ name: 'new', image: 'x' }] } }) as typeof pod;
    expect(result.spec.containers.map((c) => c.name)).toEqual(['new', 'nginx', 'sidecar']);
    const middle = smp(pod, { spec: { containers: [{ name: 'sidecar' }, { name: 'new', image: 'x' }] } }) as typeof pod;
    expect(middle.spec.containers.map((c) => c.name)).toEqual(['nginx', 'sidecar', 'new']);
    const reordered = smp(pod, { spec: { containers: [{ name: 'sidecar', image: 'b2' }, { name: 'nginx' }] } }) as typeof pod;
    expect(reordered.spec.containers.map((c) => c.name)).toEqual(['sidecar', 'nginx']);
  });

  it('$patch: delete removes the element with that merge key', () => {
    const result = smp(pod, { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } }) as typeof pod;
    expect(result.spec.containers.map((c) => c.name)).toEqual(['nginx']);
  });

  it('$patch: replace in a list replaces the whole list', () => {
    const result = smp(pod, { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } }) as typeof pod;
    expect(result.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('lists without a strategy are replaced', () => {
    expect((smp(pod, { spec: { tolerations: [{ key: 'b' }] } }) as typeof pod).spec.tolerations).toEqual([{ key: 'b' }]);
  });

  it('primitive lists with strategy merge are unioned', () => {
    expect((smp(pod, { metadata: { finalizers: ['b', 'c'] } }) as typeof pod).metadata.finalizers).toEqual(['a', 'b', 'c']);
    expect((smp({ metadata: { finalizers: [1, 2] } }, { metadata: { finalizers: [2, 3] } }) as typeof pod).metadata.finalizers).toEqual([1, 2, 3]);
  });

  it('$deleteFromPrimitiveList removes values', () => {
    const result = smp(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }) as typeof pod;
    expect(result.metadata.finalizers).toEqual(['b']);
  });

  it('$setElementOrder orders the merged list', () => {
    const result = smp(pod, {
      spec: {
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }],
        containers: [{ name: 'nginx', image: 'nginx:3' }],
      },
    }) as typeof pod;
    expect(result.spec.containers.map((c) => [c.name, c.image])).toEqual([
      ['sidecar', 'busybox'],
      ['nginx', 'nginx:3'],
    ]);
    const primitive = smp(pod, { metadata: { '$setElementOrder/finalizers': ['b', 'a'] } }) as typeof pod;
    expect(primitive.metadata.finalizers).toEqual(['b', 'a']);
  });

  it('$setElementOrder alone reorders without touching contents, whatever the strategy', () => {
    const reordered = smp(pod, { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } }) as typeof pod;
    expect(reordered.spec.containers).toEqual([pod.spec.containers[1], pod.spec.containers[0]]);
    const tolerations = smp(pod, { spec: { '$setElementOrder/tolerations': [{ key: 'a' }] } }) as typeof pod;
    expect(tolerations.spec.tolerations).toEqual([{ key: 'a' }]);
  });

  it('kubectl apply removing a container: $setElementOrder plus a delete directive', () => {
    const result = smp(pod, {
      spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ name: 'sidecar', $patch: 'delete' }] },
    }) as typeof pod;
    expect(result.spec.containers.map((c) => c.name)).toEqual(['nginx']);
  });

  it('new lists drop directive elements and nulls', () => {
    const result = smp({ spec: {} }, { spec: { containers: [{ name: 'a', image: null }, { name: 'gone', $patch: 'delete' }] } });
    expect(result).toEqual({ spec: { containers: [{ name: 'a' }] } });
  });
});

describe('strategic merge patch: $retainKeys', () => {
  it('clears fields of the original not in the list', () => {
    const deployment = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    expect(smp(deployment, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } })).toEqual({
      spec: { strategy: { type: 'Recreate' } },
    });
  });

  it('works inside merged list elements', () => {
    const doc = { spec: { volumes: [{ name: 'v', hostPath: { path: '/x' } }] } };
    expect(smp(doc, { spec: { volumes: [{ name: 'v', emptyDir: {}, $retainKeys: ['emptyDir', 'name'] }] } })).toEqual({
      spec: { volumes: [{ name: 'v', emptyDir: {} }] },
    });
  });

  it('rejects patch fields missing from the list', () => {
    expect(() => smp({}, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } })).toThrow(
      'invalid patch format of retainKeys',
    );
  });
});

describe('strategic merge patch: errors are 422', () => {
  function status(patch: unknown): { code: number; message: string } {
    try {
      smp(pod, patch);
    } catch (error) {
      expect(error).toBeInstanceOf(StatusError);
      return { code: (error as StatusError).status.code, message: (error as StatusError).message };
    }
    throw new Error('expected failure');
  }

  it('names the problem', () => {
    expect(status({ spec: { containers: [{ image: 'x' }] } })).toEqual({
      code: 422,
      message: 'strategic merge patch cannot be applied: map: {"image":"x"} does not contain declared merge key: name',
    });
    expect(status({ metadata: { $patch: 'explode' } }).message).toBe(
      'strategic merge patch cannot be applied: unknown patch type: explode in map: {"$patch":"explode"}',
    );
    expect(status(['not', 'a', 'map']).code).toBe(422);
  });
});

describe('strategic merge patch: hostile keys', () => {
  it('"__proto__" is an ordinary field and does not reach the prototype', () => {
    const patch = JSON.parse('{"metadata": {"__proto__": {"polluted": true}}, "spec": {"constructor": 1}}') as unknown;
    const result = smp(pod, patch) as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(result.metadata)).toContain('"__proto__":{"polluted":true}');
    expect(result.spec.constructor).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
