import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../testing/builders.js';
import { clusterOf, filterNodes, scoreNodes } from '../testing/plugin-harness.js';
import { newPodInfo } from '../pod-info.js';
import { balancedAllocation } from './balanced-allocation.js';
import { nodeResourcesFit } from './node-resources-fit.js';

describe('pod requests', () => {
  it('take the larger of the biggest init container and the sum of app containers, plus overhead', () => {
    const pod = makePod('p', {
      containers: [
        { name: 'a', resources: { requests: { cpu: '500m', memory: '100Mi' } } },
        { name: 'b', resources: { requests: { cpu: '250m', memory: '50Mi' } } },
      ],
      spec: {
        initContainers: [
          { name: 'init-big-cpu', resources: { requests: { cpu: '2', memory: '10Mi' } } },
          { name: 'init-small', resources: { requests: { cpu: '100m', memory: '500Mi' } } },
        ],
        overhead: { cpu: '100m', memory: '1Mi' },
      },
    });
    const info = newPodInfo(pod);
    expect(info.requests.milliCPU).toBe(2100);
    expect(info.requests.memory).toBe((500 + 1) * 1024 * 1024);
  });

  it('count restartable (sidecar) init containers alongside the app containers', () => {
    const pod = makePod('p', {
      containers: [{ name: 'app', resources: { requests: { cpu: '1' } } }],
      spec: {
        initContainers: [
          { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
          { name: 'setup', resources: { requests: { cpu: '1200m' } } },
        ],
      },
    });
    // app + sidecar = 1500m; during setup sidecar + setup = 1700m.
    expect(newPodInfo(pod).requests.milliCPU).toBe(1700);
  });

  it('use upstream defaults (100m, 200Mi) for unset requests only when scoring', () => {
    const info = newPodInfo(makePod('p'));
    expect([info.requests.milliCPU, info.requests.memory]).toEqual([0, 0]);
    expect([info.nonZeroMilliCPU, info.nonZeroMemory]).toEqual([100, 200 * 1024 * 1024]);
  });
});

describe('NodeResourcesFit filter', () => {
  const cache = clusterOf(
    [
      makeNode('roomy', { cpu: '4', memory: '8Gi' }),
      makeNode('busy', { cpu: '2', memory: '4Gi' }),
      makeNode('full', { cpu: '4', memory: '8Gi', pods: '1' }),
      makeNode('gpu', { cpu: '4', memory: '8Gi', allocatable: { 'nvidia.com/gpu': '1' } }),
    ],
    [
      makePod('existing', { nodeName: 'busy', requests: { cpu: '1500m', memory: '3Gi' } }),
      makePod('only', { nodeName: 'full', requests: { cpu: '100m' } }),
    ],
  );

  it('checks requests against allocatable minus requested, listing every shortfall', () => {
    const pod = makePod('p', { requests: { cpu: '1', memory: '2Gi' } });
    expect(filterNodes(nodeResourcesFit(), pod, cache)).toEqual({
      roomy: 'ok',
      busy: 'Unschedulable: Insufficient cpu, Insufficient memory',
      full: 'Unschedulable: Too many pods',
      gpu: 'ok',
    });
  });

  it('checks extended resources', () => {
    const pod = makePod('p', { requests: { cpu: '100m', 'nvidia.com/gpu': '1' } });
    expect(filterNodes(nodeResourcesFit(), pod, cache)).toEqual({
      roomy: 'Unschedulable: Insufficient nvidia.com/gpu',
      busy: 'Unschedulable: Insufficient nvidia.com/gpu',
      full: 'Unschedulable: Too many pods, Insufficient nvidia.com/gpu',
      gpu: 'ok',
    });
  });

  it('counts init containers and overhead', () => {
    const pod = makePod('p', { requests: { cpu: '100m' }, spec: { initContainers: [{ name: 'init', resources: { requests: { cpu: '3' } } }], overhead: { cpu: '1500m' } } });
    expect(filterNodes(nodeResourcesFit(), pod, cache)).toMatchObject({ roomy: 'Unschedulable: Insufficient cpu', gpu: 'Unschedulable: Insufficient cpu' });
    const fits = makePod('p', { requests: { cpu: '100m' }, spec: { initContainers: [{ name: 'init', resources: { requests: { cpu: '3' } } }], overhead: { cpu: '1' } } });
    expect(filterNodes(nodeResourcesFit(), fits, cache)).toMatchObject({ roomy: 'ok', gpu: 'ok' });
  });

  it('lets a pod without requests onto any node with a free pod slot', () => {
    expect(filterNodes(nodeResourcesFit(), makePod('p'), cache)).toEqual({ roomy: 'ok', busy: 'ok', full: 'Unschedulable: Too many pods', gpu: 'ok' });
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  it('averages (free after placing / allocatable) over cpu and memory', () => {
    const cache = clusterOf(
      [makeNode('empty', { cpu: '4', memory: '8Gi' }), makeNode('half', { cpu: '4', memory: '8Gi' })],
      [makePod('existing', { nodeName: 'half', requests: { cpu: '2', memory: '4Gi' } })],
    );
    const pod = makePod('p', { requests: { cpu: '1', memory: '2Gi' } });
    // empty: cpu (4-1)/4 -> 75, memory (8-2)/8 -> 75; half: cpu (4-3)/4 -> 25, memory 25.
    expect(scoreNodes(nodeResourcesFit(), pod, cache)).toEqual({ empty: 75, half: 25 });
    // No requests: 100m and 200Mi count. empty: cpu 3900/4000 -> 97, memory (8192-200)/8192 -> 97.
    expect(scoreNodes(nodeResourcesFit(), makePod('q'), cache)).toEqual({ empty: 97, half: 47 });
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers nodes where cpu and memory shares end up equal', () => {
    const cache = clusterOf(
      [makeNode('even', { cpu: '4', memory: '8Gi' }), makeNode('cpu-heavy', { cpu: '4', memory: '8Gi' })],
      [makePod('existing', { nodeName: 'cpu-heavy', requests: { cpu: '3' } })],
    );
    const pod = makePod('p', { requests: { cpu: '1', memory: '2Gi' } });
    // even: 1/4 and 2/8 -> std 0 -> 100; cpu-heavy: 4/4 and 2/8 -> std 0.375 -> 62.
    expect(scoreNodes(balancedAllocation(), pod, cache)).toEqual({ even: 100, 'cpu-heavy': 62 });
    expect(scoreNodes(balancedAllocation(), makePod('best-effort'), cache)).toBe('skip');
  });
});
