import { describe, expect, it } from 'vitest';
import type { Affinity, PodAffinityTerm } from '../../api/index.js';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterOf, filterNodes, scoreNodes } from '../testing/plugin-harness.js';
import { interPodAffinity } from './inter-pod-affinity.js';

const affinityMiss = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const antiMiss = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const existingMiss = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

const term = (labels: Record<string, string>, topologyKey = 'zone', extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});

const withAffinity = (name: string, affinity: Affinity, labels: Record<string, string> = {}, nodeName?: string, namespace?: string) =>
  makePod(name, { labels, nodeName, namespace, spec: { affinity } });

const nodes = [
  makeNode('a1', { labels: { zone: 'a' } }),
  makeNode('a2', { labels: { zone: 'a' } }),
  makeNode('b1', { labels: { zone: 'b' } }),
  makeNode('nozone'),
];

describe('InterPodAffinity filter', () => {
  const cache = clusterOf(nodes, [makePod('cache', { nodeName: 'a1', labels: { app: 'cache' } }), makePod('db', { nodeName: 'b1', labels: { app: 'db' }, namespace: 'prod' })]);

  it('required affinity: the node must be in a domain holding a matching pod', () => {
    const pod = withAffinity('p', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' })] } });
    expect(filterNodes(interPodAffinity(), pod, cache)).toEqual({ a1: 'ok', a2: 'ok', b1: affinityMiss, nozone: affinityMiss });
  });

  it('required affinity looks only in the pod namespace unless the term names others', () => {
    const own = withAffinity('p', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' })] } });
    expect(filterNodes(interPodAffinity(), own, cache).b1).toBe(affinityMiss);
    const named = withAffinity('p', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone', { namespaces: ['prod'] })] } });
    expect(filterNodes(interPodAffinity(), named, cache)).toEqual({ a1: affinityMiss, a2: affinityMiss, b1: 'ok', nozone: affinityMiss });
  });

  it('required affinity: namespaceSelector selects namespaces by label', () => {
    cache.setNamespace({ metadata: { name: 'prod', labels: { tier: 'data' } } });
    const pod = withAffinity('p', {
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone', { namespaceSelector: { matchLabels: { tier: 'data' } } })] },
    });
    expect(filterNodes(interPodAffinity(), pod, cache).b1).toBe('ok');
  });

  it('the first pod of a self-affine group may go anywhere with the topology label', () => {
    const pod = withAffinity('p', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' })] } }, { app: 'web' });
    expect(filterNodes(interPodAffinity(), pod, cache)).toEqual({ a1: 'ok', a2: 'ok', b1: 'ok', nozone: affinityMiss });
  });

  it('required anti-affinity: the domain must hold no matching pod', () => {
    const pod = withAffinity('p', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' })] } });
    expect(filterNodes(interPodAffinity(), pod, cache)).toEqual({ a1: antiMiss, a2: antiMiss, b1: 'ok', nozone: 'ok' });
    const perNode = withAffinity('p', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, 'kubernetes.io/hostname')] } });
    expect(filterNodes(interPodAffinity(), perNode, cache)).toEqual({ a1: antiMiss, a2: 'ok', b1: 'ok', nozone: 'ok' });
  });

  it("existing pods' required anti-affinity keeps matching pods out of their domain", () => {
    const guarded = clusterOf(nodes, [
      withAffinity('loner', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'noisy' })] } }, { app: 'loner' }, 'b1'),
    ]);
    expect(filterNodes(interPodAffinity(), makePod('p', { labels: { app: 'noisy' } }), guarded)).toEqual({ a1: 'ok', a2: 'ok', b1: existingMiss, nozone: 'ok' });
    expect(filterNodes(interPodAffinity(), makePod('q', { labels: { app: 'quiet' } }), guarded)).toEqual({ a1: 'ok', a2: 'ok', b1: 'ok', nozone: 'ok' });
  });
});

describe('InterPodAffinity score', () => {
  const cache = clusterOf(nodes, [
    makePod('cache', { nodeName: 'a1', labels: { app: 'cache' } }),
    makePod('batch', { nodeName: 'b1', labels: { app: 'batch' } }),
  ]);

  it('adds preferred affinity weights and subtracts preferred anti-affinity weights per domain, min-max normalized', () => {
    const pod = withAffinity('p', {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term({ app: 'cache' }) }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 25, podAffinityTerm: term({ app: 'batch' }) }] },
    });
    // zone a: +50, zone b: -25, no zone: 0 -> (s - min) / (max - min) * 100.
    expect(scoreNodes(interPodAffinity(), pod, cache)).toEqual({ a1: 100, a2: 100, b1: 0, nozone: 33 });
  });

  it("counts existing pods' preferences and required affinity (weight 1) towards the incoming pod", () => {
    const attracting = clusterOf(nodes, [
      withAffinity('friend', { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'web' }) }] } }, {}, 'b1'),
      withAffinity('needy', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' })] } }, {}, 'a1'),
    ]);
    expect(scoreNodes(interPodAffinity(), makePod('p', { labels: { app: 'web' } }), attracting)).toEqual({ a1: 10, a2: 10, b1: 100, nozone: 0 });
  });

  it('is skipped when no term applies', () => {
    expect(scoreNodes(interPodAffinity(), makePod('p'), cache)).toBe('skip');
  });
});
