// validatePodSpecUpdate against the reference it replaced, on seeded random edits of a pod spec.
import { describe, expect, it } from 'vitest';
import { validatePodSpecUpdate } from './validate-pod-update.js';
import { referenceValidatePodSpecUpdate } from './testing/reference-pod-update.js';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const spec = {
  containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }] }],
  initContainers: [{ name: 'init', image: 'busybox' }],
  tolerations: [{ key: 'a', operator: 'Exists', tolerationSeconds: 5 }],
  activeDeadlineSeconds: 30,
  terminationGracePeriodSeconds: -1,
  restartPolicy: 'Always',
  nodeName: 'node-1',
};

const fields = ['containers', 'initContainers', 'tolerations', 'activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'restartPolicy',
  'nodeName', 'schedulingGates', 'hostname', '__proto__', 'toString'];
const values: unknown[] = [undefined, null, 1, 10, 60, -1, 'x', 'Always', [], [{ name: 'g' }], { key: 'a' },
  [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }] }], [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 81 }] }],
  [{ key: 'a', operator: 'Exists', tolerationSeconds: 9 }], [{ key: 'a', operator: 'Exists' }, { key: 'b' }], [{ key: 'b' }]];

function edit(base: Record<string, unknown>, next: () => number): Record<string, unknown> {
  const copy = structuredClone(base);
  for (let edits = Math.floor(next() * 3); edits > 0; edits--) {
    const field = fields[Math.floor(next() * fields.length)] as string;
    if (next() < 0.2) delete copy[field];
    else Object.defineProperty(copy, field, { value: structuredClone(values[Math.floor(next() * values.length)]), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

describe('validatePodSpecUpdate', () => {
  it('gives what the reference gives on 3000 random old/new pairs', () => {
    const next = random(7);
    let forbidden = 0;
    for (let round = 0; round < 3000; round++) {
      const oldSpec = edit(spec, next);
      const newSpec = next() < 0.3 ? structuredClone(oldSpec) : edit(oldSpec, next);
      const expected = referenceValidatePodSpecUpdate(newSpec, oldSpec);
      if (expected.length > 0) forbidden++;
      expect(validatePodSpecUpdate(newSpec, oldSpec), JSON.stringify({ oldSpec, newSpec })).toEqual(expected);
    }
    expect(forbidden).toBeGreaterThan(500);
  });
});
