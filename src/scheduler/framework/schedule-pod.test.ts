import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../plugins/index.js';
import { newPodInfo } from '../pod-info.js';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterOf } from '../testing/plugin-harness.js';
import { FitError, fitErrorMessage, NoNodesAvailableError, reasonHistogram } from './fit-error.js';
import { CycleState } from './plugin.js';
import { numFeasibleNodesToFind, PodScheduler } from './schedule-pod.js';
import { unresolvable, unschedulable } from './status.js';

const profile = defaultProfile(async () => {});

function failure(scheduler: PodScheduler, cache: ReturnType<typeof clusterOf>, pod = makePod('p', { requests: { cpu: '3' } })): FitError {
  try {
    scheduler.schedule(new CycleState(cache), newPodInfo(pod));
  } catch (error) {
    if (error instanceof FitError) return error;
    throw error;
  }
  throw new Error('expected the pod not to fit');
}

describe('the failure message', () => {
  it('reads as upstream for a mixed cluster: reasons counted, sorted as strings, preemption verdict appended', () => {
    const cache = clusterOf(
      [makeNode('tainted', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }), makeNode('small-1', { cpu: '2' }), makeNode('small-2', { cpu: '2' })],
    );
    const error = failure(new PodScheduler(profile), cache);
    expect(error.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect([...error.diagnosis.unschedulablePlugins].sort()).toEqual(['NodeResourcesFit', 'TaintToleration']);
  });

  it('counts each reason of a node separately and stops at the first rejecting filter per node', () => {
    const cache = clusterOf([
      makeNode('cordoned', { unschedulable: true, cpu: '1' }),
      makeNode('tiny-1', { cpu: '1', memory: '1Gi' }),
      makeNode('tiny-2', { cpu: '1', memory: '1Gi' }),
      makeNode('selector-miss', { labels: { disk: 'hdd' } }),
    ]);
    const pod = makePod('p', { requests: { cpu: '3', memory: '2Gi' }, spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }] }] } } } } });
    expect(failure(new PodScheduler(profile), cache, pod).message).toBe(
      "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable, 2 Insufficient cpu, 2 Insufficient memory. " +
        'preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('sorts "<count> <reason>" as plain strings, like Go sort.Strings (so 10 sorts before 9)', () => {
    const statuses = [...Array(10).fill(unschedulable('Insufficient cpu')), ...Array(9).fill(unresolvable('node(s) were unschedulable'))];
    expect(reasonHistogram(statuses)).toEqual(['10 Insufficient cpu', '9 node(s) were unschedulable']);
    expect(fitErrorMessage(19, { nodeStatuses: new Map(statuses.map((s, i) => [`n${i}`, s])), unschedulablePlugins: new Set() })).toBe(
      '0/19 nodes are available: 10 Insufficient cpu, 9 node(s) were unschedulable.',
    );
  });

  it('says so when preemption is disabled for the pod', () => {
    const cache = clusterOf([makeNode('small', { cpu: '1' })]);
    const pod = makePod('p', { requests: { cpu: '3' }, spec: { preemptionPolicy: 'Never' } });
    expect(failure(new PodScheduler(profile), cache, pod).message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('reports an empty cluster as upstream does', () => {
    expect(() => new PodScheduler(profile).schedule(new CycleState(clusterOf([])), newPodInfo(makePod('p')))).toThrow(NoNodesAvailableError);
    expect(new NoNodesAvailableError().message).toBe('no nodes available to schedule pods');
  });
});

describe('node selection', () => {
  it('picks the best total of weighted scores', () => {
    const cache = clusterOf(
      [makeNode('busy'), makeNode('idle'), makeNode('spot', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] })],
      [makePod('load', { nodeName: 'busy', requests: { cpu: '3', memory: '6Gi' } })],
    );
    const result = new PodScheduler(profile, { random: () => 0.99 }).schedule(new CycleState(cache), newPodInfo(makePod('p', { requests: { cpu: '100m' } })));
    expect(result).toEqual({ nodeName: 'idle', evaluatedNodes: 3, feasibleNodes: 3 });
  });

  it('breaks ties with the injected random source', () => {
    const cache = clusterOf([makeNode('n1'), makeNode('n2'), makeNode('n3')]);
    const pick = (random: number) => new PodScheduler(profile, { random: () => random }).schedule(new CycleState(cache), newPodInfo(makePod('p'))).nodeName;
    expect(pick(0)).toBe('n3');
    expect(pick(0.99)).toBe('n1');
  });

  it('finds upstream-sized feasible sets on large clusters and rotates the starting node', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(200, 10)).toBe(100);
    const cache = clusterOf(Array.from({ length: 1000 }, (_, i) => makeNode(`n${i}`)));
    const scheduler = new PodScheduler(profile, { random: () => 0 });
    const first = scheduler.schedule(new CycleState(cache), newPodInfo(makePod('p1')));
    expect(first).toMatchObject({ evaluatedNodes: 420, feasibleNodes: 420 });
    const second = scheduler.schedule(new CycleState(cache), newPodInfo(makePod('p2')));
    // The second pod's candidates start at n420, so its pick (the last tie) is n839.
    expect(second.nodeName).toBe('n839');
  });
});
