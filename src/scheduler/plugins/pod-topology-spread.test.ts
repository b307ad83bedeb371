import { describe, expect, it } from 'vitest';
import type { TopologySpreadConstraint } from '../../api/index.js';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterOf, filterNodes, scoreNodes } from '../testing/plugin-harness.js';
import { podTopologySpread } from './pod-topology-spread.js';

const skewed = "Unschedulable: node(s) didn't match pod topology spread constraints";
const missingLabel = "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)";

function spreadPod(name: string, constraints: Partial<TopologySpreadConstraint>[], extra: { nodeSelector?: Record<string, string> } = {}) {
  return makePod(name, {
    labels: { app: 'web' },
    spec: {
      topologySpreadConstraints: constraints.map((c) => ({
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'web' } },
        ...c,
      })),
      ...extra,
    },
  });
}

const web = (name: string, nodeName: string, namespace = 'default') => makePod(name, { nodeName, namespace, labels: { app: 'web' } });

describe('PodTopologySpread filter (DoNotSchedule)', () => {
  // zone a: 2 web pods, zone b: 1, zone c: 0 (node c1 has a pod of another app).
  const nodes = [
    makeNode('a1', { labels: { zone: 'a' } }),
    makeNode('a2', { labels: { zone: 'a' } }),
    makeNode('b1', { labels: { zone: 'b' } }),
    makeNode('c1', { labels: { zone: 'c' } }),
    makeNode('nolabel'),
  ];
  const pods = [web('w1', 'a1'), web('w2', 'a2'), web('w3', 'b1'), makePod('db', { nodeName: 'c1', labels: { app: 'db' } }), web('other-ns', 'c1', 'prod')];

  it('allows only placements keeping skew (count + self - global min) within maxSkew', () => {
    expect(filterNodes(podTopologySpread(), spreadPod('p', [{}]), clusterOf(nodes, pods))).toEqual({
      a1: skewed,
      a2: skewed,
      b1: skewed,
      c1: 'ok',
      nolabel: missingLabel,
    });
  });

  it('admits more with a larger maxSkew', () => {
    expect(filterNodes(podTopologySpread(), spreadPod('p', [{ maxSkew: 2 }]), clusterOf(nodes, pods))).toEqual({
      a1: skewed,
      a2: skewed,
      b1: 'ok',
      c1: 'ok',
      nolabel: missingLabel,
    });
  });

  it('counts the pod itself only when it matches the selector', () => {
    const notMatching = spreadPod('p', [{ labelSelector: { matchLabels: { app: 'web' } } }]);
    notMatching.metadata!.labels = { app: 'batch' };
    // skew = count + 0 - 0: zone b (1) is fine, zone a (2) is not.
    expect(filterNodes(podTopologySpread(), notMatching, clusterOf(nodes, pods))).toMatchObject({ a1: skewed, b1: 'ok', c1: 'ok' });
  });

  it('measures from 0 when there are fewer domains than minDomains', () => {
    const cache = clusterOf(nodes.slice(0, 3), [web('w1', 'a1'), web('w3', 'b1')]);
    expect(filterNodes(podTopologySpread(), spreadPod('p', [{}]), cache)).toEqual({ a1: 'ok', a2: 'ok', b1: 'ok' });
    expect(filterNodes(podTopologySpread(), spreadPod('p', [{ minDomains: 3 }]), cache)).toEqual({ a1: skewed, a2: skewed, b1: skewed });
  });

  it('leaves nodes the pod cannot go to out of the domains (nodeAffinityPolicy Honor)', () => {
    // With zone c excluded by the nodeSelector, the minimum is zone b's 1.
    const pod = spreadPod('p', [{}], { nodeSelector: { pool: 'main' } });
    const labelled = nodes.map((n) => (n.metadata!.labels!.zone === 'c' ? n : { ...n, metadata: { ...n.metadata, labels: { ...n.metadata!.labels, pool: 'main' } } }));
    expect(filterNodes(podTopologySpread(), pod, clusterOf(labelled, pods))).toMatchObject({ a1: skewed, b1: 'ok' });
    const ignoring = spreadPod('p', [{ nodeAffinityPolicy: 'Ignore' }], { nodeSelector: { pool: 'main' } });
    expect(filterNodes(podTopologySpread(), ignoring, clusterOf(labelled, pods))).toMatchObject({ a1: skewed, b1: skewed });
  });

  it('leaves tainted nodes out of the domains only with nodeTaintsPolicy Honor', () => {
    const tainted = nodes.map((n) => (n.metadata!.name === 'c1' ? { ...n, spec: { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] } } : n));
    expect(filterNodes(podTopologySpread(), spreadPod('p', [{}]), clusterOf(tainted, pods))).toMatchObject({ b1: skewed, c1: 'ok' });
    expect(filterNodes(podTopologySpread(), spreadPod('p', [{ nodeTaintsPolicy: 'Honor' }]), clusterOf(tainted, pods))).toMatchObject({ b1: 'ok', a1: skewed });
  });

  it('narrows the selector with matchLabelKeys from the pod', () => {
    const versioned = [web('w1', 'a1'), web('w2', 'a2'), makePod('v2', { nodeName: 'b1', labels: { app: 'web', version: 'v2' } })];
    versioned[0].metadata!.labels = { app: 'web', version: 'v1' };
    versioned[1].metadata!.labels = { app: 'web', version: 'v1' };
    const pod = spreadPod('p', [{ matchLabelKeys: ['version'] }]);
    pod.metadata!.labels = { app: 'web', version: 'v2' };
    // Only version=v2 pods count: a 0, b 1, c 0.
    expect(filterNodes(podTopologySpread(), pod, clusterOf(nodes.slice(0, 4), versioned))).toEqual({ a1: 'ok', a2: 'ok', b1: skewed, c1: 'ok' });
  });

  it('ignores ScheduleAnyway constraints when filtering', () => {
    expect(filterNodes(podTopologySpread(), spreadPod('p', [{ whenUnsatisfiable: 'ScheduleAnyway' }]), clusterOf(nodes, pods))).toEqual({
      a1: 'ok',
      a2: 'ok',
      b1: 'ok',
      c1: 'ok',
      nolabel: 'ok',
    });
  });
});

describe('PodTopologySpread score (ScheduleAnyway)', () => {
  it('prefers domains with fewer matching pods', () => {
    const cache = clusterOf(
      [makeNode('a1', { labels: { zone: 'a' } }), makeNode('b1', { labels: { zone: 'b' } }), makeNode('c1', { labels: { zone: 'c' } }), makeNode('nolabel')],
      [web('w1', 'a1'), web('w2', 'a1'), web('w3', 'b1')],
    );
    const pod = spreadPod('p', [{ whenUnsatisfiable: 'ScheduleAnyway' }]);
    // weight ln(3 + 2); raw: a = 2*1.609 = 3, b = 2 (rounded 1.609), c = 0; normalized 100*(max+min-s)/max.
    expect(scoreNodes(podTopologySpread(), pod, cache)).toEqual({ a1: 0, b1: 33, c1: 100, nolabel: 0 });
  });

  it('is skipped without ScheduleAnyway constraints', () => {
    expect(scoreNodes(podTopologySpread(), makePod('p'), clusterOf([makeNode('a')]))).toBe('skip');
  });
});
