import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../api/index.js';
import { daemonNodeFit, pinnedToNode, withDaemonTolerations } from './daemonset-node-fit.js';

const node = (name: string, labels: Record<string, string>, taints: NonNullable<Node['spec']>['taints'] = []): Node => ({ metadata: { name, labels }, spec: { taints } });
const pod = (spec: Partial<NonNullable<Pod['spec']>>): Pod => ({ spec: { containers: [], ...spec } });

describe('daemonNodeFit', () => {
  it('matches required node affinity expressions and fields', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }, { key: 'cores', operator: 'Gt', values: ['4'] }] },
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['special'] }] },
          ],
        },
      },
    };
    expect(daemonNodeFit(pod({ affinity }), node('n1', { zone: 'a', cores: '8' })).shouldRun).toBe(true);
    expect(daemonNodeFit(pod({ affinity }), node('n2', { zone: 'a', cores: '2' })).shouldRun).toBe(false);
    expect(daemonNodeFit(pod({ affinity }), node('n3', { zone: 'c', cores: '8' })).shouldRun).toBe(false);
    expect(daemonNodeFit(pod({ affinity }), node('special', {})).shouldRun).toBe(true);
    expect(daemonNodeFit(pod({ nodeSelector: { disk: 'ssd' } }), node('n4', { disk: 'hdd' }))).toEqual({ shouldRun: false, shouldContinueRunning: false });
  });

  it('tells NoSchedule (no new pod, keep the running one) from NoExecute (evict) taints', () => {
    const plain = pod({ tolerations: withDaemonTolerations(undefined) });
    expect(daemonNodeFit(plain, node('a', {}, [{ key: 'x', effect: 'NoSchedule' }]))).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(daemonNodeFit(plain, node('b', {}, [{ key: 'x', effect: 'NoExecute' }]))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(daemonNodeFit(plain, node('c', {}, [{ key: 'x', effect: 'PreferNoSchedule' }]))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    // The standard daemon tolerations cover a not-ready or unschedulable node.
    expect(daemonNodeFit(plain, node('d', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    const tolerant = pod({ tolerations: [{ key: 'x', operator: 'Equal', value: 'y' }] });
    expect(daemonNodeFit(tolerant, node('e', {}, [{ key: 'x', value: 'y', effect: 'NoExecute' }])).shouldRun).toBe(true);
    expect(daemonNodeFit(tolerant, node('f', {}, [{ key: 'x', value: 'z', effect: 'NoExecute' }])).shouldRun).toBe(false);
  });

  it('keeps a toleration the template already has and pins the pod to its node', () => {
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
    expect(withDaemonTolerations([own])[0]).toEqual(own);
    expect(withDaemonTolerations([own])).toHaveLength(6);
    expect(withDaemonTolerations(undefined, true).at(-1)).toEqual({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
    expect(pinnedToNode({ podAntiAffinity: {}, nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }, 'n1')).toEqual({
      podAntiAffinity: {},
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [], requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } },
    });
  });
});
