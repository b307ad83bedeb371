import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterOf, filterNodes, scoreNodes } from '../testing/plugin-harness.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { taintToleration } from './taint-toleration.js';
import { toleratesTaint } from './tolerations.js';

describe('tolerations', () => {
  it('match taints as upstream: empty key/effect are wildcards, Equal compares values, Exists does not', () => {
    const taint = { key: 'gpu', value: 'a100', effect: 'NoSchedule' };
    expect(toleratesTaint({ key: 'gpu', operator: 'Equal', value: 'a100', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'gpu', value: 'a100' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'gpu', value: 'h100' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'gpu', operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'gpu', operator: 'Bogus', value: 'a100' }, taint)).toBe(false);
  });
});

describe('TaintToleration', () => {
  const cache = clusterOf([
    makeNode('clean'),
    makeNode('no-schedule', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }),
    makeNode('no-execute', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
    makeNode('prefer', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }),
    makeNode('prefer-two', {
      taints: [
        { key: 'spot', value: 'true', effect: 'PreferNoSchedule' },
        { key: 'slow', value: 'disk', effect: 'PreferNoSchedule' },
      ],
    }),
  ]);

  it('rejects NoSchedule and NoExecute taints the pod does not tolerate, naming the first one', () => {
    expect(filterNodes(taintToleration(), makePod('p'), cache)).toEqual({
      clean: 'ok',
      'no-schedule': 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: infra}',
      'no-execute': 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
      prefer: 'ok',
      'prefer-two': 'ok',
    });
  });

  it('lets tolerations through: Equal with the value, Exists for any value, effect-specific', () => {
    const pod = makePod('p', {
      spec: {
        tolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
    });
    expect(Object.values(filterNodes(taintToleration(), pod, cache))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const wrongEffect = makePod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] } });
    expect(filterNodes(taintToleration(), wrongEffect, cache)['no-schedule']).toBe('UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: infra}');
  });

  it('scores fewer untolerated PreferNoSchedule taints higher (reverse-normalized)', () => {
    expect(scoreNodes(taintToleration(), makePod('p'), cache, ['clean', 'prefer', 'prefer-two'])).toEqual({ clean: 100, prefer: 50, 'prefer-two': 0 });
    const tolerant = makePod('p', { spec: { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
    expect(scoreNodes(taintToleration(), tolerant, cache, ['clean', 'prefer', 'prefer-two'])).toEqual({ clean: 100, prefer: 100, 'prefer-two': 0 });
    const ignoredEffect = makePod('p', { spec: { tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] } });
    expect(scoreNodes(taintToleration(), ignoredEffect, cache, ['clean', 'prefer'])).toEqual({ clean: 100, prefer: 0 });
  });
});

describe('NodeUnschedulable', () => {
  it('rejects cordoned nodes unless the pod tolerates the unschedulable taint', () => {
    const cache = clusterOf([makeNode('open'), makeNode('cordoned', { unschedulable: true })]);
    expect(filterNodes(nodeUnschedulable(), makePod('p'), cache)).toEqual({
      open: 'ok',
      cordoned: 'UnschedulableAndUnresolvable: node(s) were unschedulable',
    });
    const tolerant = makePod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    expect(filterNodes(nodeUnschedulable(), tolerant, cache)).toEqual({ open: 'ok', cordoned: 'ok' });
  });
});
