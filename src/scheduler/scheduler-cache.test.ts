import { describe, expect, it } from 'vitest';
import { labelSelectorFromObject } from '../machinery/index.js';
import { newPodInfo } from './pod-info.js';
import { SchedulerCache } from './scheduler-cache.js';
import { makeNode, makePod } from './testing/builders.js';

const names = (pods: Iterable<{ info: { key: string } }>) => [...pods].map((p) => p.info.key).sort();

describe('SchedulerCache', () => {
  it('keeps per-node totals as pods are assumed, confirmed, moved and removed', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    cache.setNode(makeNode('b'));
    const info = newPodInfo(makePod('p', { requests: { cpu: '500m', memory: '1Gi' } }));
    cache.assumePod(info, 'a');
    expect([cache.get('a')!.requested.milliCPU, cache.isAssumed('default/p')]).toEqual([500, true]);
    cache.setPod(makePod('p', { requests: { cpu: '500m', memory: '1Gi' }, nodeName: 'a' }));
    expect([cache.get('a')!.requested.milliCPU, cache.isAssumed('default/p')]).toEqual([500, false]);
    cache.forgetPod('default/p');
    expect(cache.nodeNameOf('default/p')).toBe('a');
    cache.setPod(makePod('p', { requests: { cpu: '500m', memory: '1Gi' }, nodeName: 'b' }));
    expect([cache.get('a')!.requested.milliCPU, cache.get('b')!.requested.milliCPU, cache.get('a')!.pods.size]).toEqual([0, 500, 0]);
    cache.removePod(makePod('p', { nodeName: 'b' }));
    expect([cache.get('b')!.requested.milliCPU, cache.podCount]).toEqual([0, 0]);
  });

  it('swaps in a newer version of a confirmed pod without re-placing it, and only then', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    const assumed = newPodInfo(makePod('p', { requests: { cpu: '500m' } }));
    cache.assumePod(assumed, 'a');
    expect(cache.refreshPod(makePod('p', { requests: { cpu: '500m' }, nodeName: 'a' }))).toBe(false);
    cache.setPod(makePod('p', { requests: { cpu: '500m' }, nodeName: 'a' }));
    const confirmed = cache.get('a')!.pods.get('default/p')!;
    const running = { ...makePod('p', { requests: { cpu: '500m' }, nodeName: 'a' }), status: { phase: 'Running' } };
    expect(cache.refreshPod(running)).toBe(true);
    expect([cache.get('a')!.pods.get('default/p'), confirmed.pod, cache.get('a')!.requested.milliCPU]).toEqual([confirmed, running, 500]);
    expect(cache.refreshPod(makePod('p', { requests: { cpu: '500m' }, nodeName: 'b' }))).toBe(false);
    expect(cache.refreshPod(makePod('q', { nodeName: 'a' }))).toBe(false);
  });

  it('forgets an assumed pod whose binding failed', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    cache.assumePod(newPodInfo(makePod('p', { requests: { cpu: '1' } })), 'a');
    cache.forgetPod('default/p');
    expect([cache.get('a')!.requested.milliCPU, cache.nodeNameOf('default/p')]).toEqual([0, undefined]);
  });

  it('keeps pods of a deleted node on a placeholder until they go, and hides it from the nodes', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    cache.setPod(makePod('p', { nodeName: 'a', requests: { cpu: '1' } }));
    cache.removeNode(makeNode('a'));
    expect([cache.nodes.length, cache.get('a'), cache.nodeNameOf('default/p')]).toEqual([0, undefined, 'a']);
    cache.setNode(makeNode('a'));
    expect(cache.get('a')!.requested.milliCPU).toBe(1000);
    cache.removeNode(makeNode('a'));
    cache.removePod(makePod('p', { nodeName: 'a' }));
    cache.setNode(makeNode('a'));
    expect(cache.get('a')!.requested.milliCPU).toBe(0);
  });

  it('indexes placed pods by label and anti-affinity terms by the label value they pin', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('a'));
    cache.setPod(makePod('web-1', { nodeName: 'a', labels: { app: 'web' } }));
    cache.setPod(makePod('db-1', { nodeName: 'a', labels: { app: 'db' } }));
    const guard = makePod('guard', {
      nodeName: 'a',
      labels: { app: 'guard' },
      spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { app: 'web' } } }] } } },
    });
    cache.setPod(guard);
    expect(names(cache.podsMatching(labelSelectorFromObject({ matchLabels: { app: 'web' } })))).toEqual(['default/web-1']);
    expect(names(cache.podsMatching(labelSelectorFromObject({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] })))).toEqual(['default/db-1', 'default/web-1']);
    expect(names(cache.podsMatching(labelSelectorFromObject({ matchExpressions: [{ key: 'app', operator: 'Exists' }] })))).toEqual(['default/db-1', 'default/guard', 'default/web-1']);
    expect([...cache.antiAffinityTermsFor({ app: 'web' })].map((t) => t.owner.key)).toEqual(['default/guard']);
    expect([...cache.antiAffinityTermsFor({ app: 'db' })]).toEqual([]);
    expect(cache.nodesWithRequiredAntiAffinityPods.map((n) => n.name)).toEqual(['a']);
    cache.removePod(guard);
    expect([...cache.antiAffinityTermsFor({ app: 'web' })]).toEqual([]);
    expect(cache.nodesWithRequiredAntiAffinityPods).toEqual([]);
  });
});
