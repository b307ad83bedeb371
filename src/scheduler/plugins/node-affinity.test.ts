import { describe, expect, it } from 'vitest';
import type { NodeSelectorRequirement } from '../../api/index.js';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterOf, filterNodes, scoreNodes } from '../testing/plugin-harness.js';
import { nodeAffinity } from './node-affinity.js';
import { nodeName } from './node-name.js';

const reject = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";

const cache = clusterOf([
  makeNode('a', { labels: { zone: 'z1', disk: 'ssd', cores: '8' } }),
  makeNode('b', { labels: { zone: 'z2', disk: 'hdd', cores: '2' } }),
  makeNode('c', { labels: { zone: 'z3' } }),
]);

function requiring(...terms: NodeSelectorRequirement[][]) {
  return makePod('p', {
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((matchExpressions) => ({ matchExpressions })) } } } },
  });
}

function passing(result: Record<string, string>): string[] {
  for (const status of Object.values(result)) if (status !== 'ok') expect(status).toBe(reject);
  return Object.keys(result).filter((name) => result[name] === 'ok');
}

describe('NodeAffinity filter', () => {
  it('is skipped for pods without nodeSelector or required affinity', () => {
    expect(passing(filterNodes(nodeAffinity(), makePod('p'), cache))).toEqual(['a', 'b', 'c']);
  });

  it('requires every spec.nodeSelector label', () => {
    expect(passing(filterNodes(nodeAffinity(), makePod('p', { spec: { nodeSelector: { zone: 'z1', disk: 'ssd' } } }), cache))).toEqual(['a']);
    expect(passing(filterNodes(nodeAffinity(), makePod('p', { spec: { nodeSelector: { zone: 'z1', disk: 'hdd' } } }), cache))).toEqual([]);
  });

  it('supports In, NotIn, Exists, DoesNotExist, Gt and Lt', () => {
    const f = (...expressions: NodeSelectorRequirement[]) => passing(filterNodes(nodeAffinity(), requiring(expressions), cache));
    expect(f({ key: 'zone', operator: 'In', values: ['z1', 'z3'] })).toEqual(['a', 'c']);
    expect(f({ key: 'disk', operator: 'NotIn', values: ['ssd'] })).toEqual(['b', 'c']);
    expect(f({ key: 'disk', operator: 'Exists' })).toEqual(['a', 'b']);
    expect(f({ key: 'disk', operator: 'DoesNotExist' })).toEqual(['c']);
    expect(f({ key: 'cores', operator: 'Gt', values: ['4'] })).toEqual(['a']);
    expect(f({ key: 'cores', operator: 'Lt', values: ['4'] })).toEqual(['b']);
  });

  it('ANDs the expressions of a term and ORs the terms', () => {
    const anded = requiring([
      { key: 'disk', operator: 'Exists' },
      { key: 'zone', operator: 'In', values: ['z2', 'z3'] },
    ]);
    expect(passing(filterNodes(nodeAffinity(), anded, cache))).toEqual(['b']);
    const ored = requiring([{ key: 'zone', operator: 'In', values: ['z1'] }], [{ key: 'disk', operator: 'DoesNotExist' }]);
    expect(passing(filterNodes(nodeAffinity(), ored, cache))).toEqual(['a', 'c']);
  });

  it('matches metadata.name fields, and treats empty or malformed terms as matching nothing', () => {
    const byName = makePod('p', {
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } },
    });
    expect(passing(filterNodes(nodeAffinity(), byName, cache))).toEqual(['b']);
    const empty = makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } } });
    expect(passing(filterNodes(nodeAffinity(), empty, cache))).toEqual([]);
    expect(passing(filterNodes(nodeAffinity(), requiring([{ key: 'cores', operator: 'Gt', values: ['x'] }]), cache))).toEqual([]);
  });

  it('needs both the nodeSelector and the affinity to match', () => {
    const pod = requiring([{ key: 'zone', operator: 'In', values: ['z1', 'z2'] }]);
    pod.spec!.nodeSelector = { disk: 'hdd' };
    expect(passing(filterNodes(nodeAffinity(), pod, cache))).toEqual(['b']);
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalized to 100 for the best node', () => {
    const pod = makePod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
              { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2', 'z3'] }] } },
              { weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
            ],
          },
        },
      },
    });
    expect(scoreNodes(nodeAffinity(), pod, cache)).toEqual({ a: 100, b: 40, c: 20 });
  });

  it('is skipped without preferred terms', () => {
    expect(scoreNodes(nodeAffinity(), makePod('p'), cache)).toBe('skip');
  });
});

describe('NodeName', () => {
  it('keeps only the named node', () => {
    expect(filterNodes(nodeName(), makePod('p', { nodeName: 'b' }), cache)).toEqual({
      a: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
      b: 'ok',
      c: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
    });
    expect(filterNodes(nodeName(), makePod('p'), cache)).toEqual({ a: 'ok', b: 'ok', c: 'ok' });
  });
});
