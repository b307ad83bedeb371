import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;

beforeAll(async () => {
  h = await startKubeletHarness();
});
afterAll(async () => {
  await h?.stop();
});

const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready');

describe('readinessGates', () => {
  it('keep Ready False until every gate condition is True', async () => {
    await h.pods.create(podManifest('gated', { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] }));
    await h.advance(1_000);
    const running = await h.waitForPod('gated', (p) => p.status?.phase === 'Running', 'Running');
    expect(running.status?.conditions?.find((c) => c.type === 'ContainersReady')?.status).toBe('True');
    expect(ready(running)).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist., corresponding condition of pod readiness gate "example.com/dns" does not exist.',
    });

    await h.pods.patch('gated', { status: { conditions: [...running.status!.conditions!, { type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }] } }, { type: 'merge', subresource: 'status', namespace: 'default' });
    const half = await h.waitForPod('gated', (p) => ready(p)?.message?.includes('is not') === true, 'one gate False');
    expect(ready(half)).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'the status of pod readiness gate "example.com/dns" is not "True", but False' });

    const conditions = half.status!.conditions!.map((c) => (c.type === 'example.com/dns' ? { ...c, status: 'True' } : c));
    await h.pods.patch('gated', { status: { conditions } }, { type: 'merge', subresource: 'status', namespace: 'default' });
    const open = await h.waitForPod('gated', (p) => ready(p)?.status === 'True', 'Ready');
    expect(open.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
      ['example.com/lb', 'True'],
      ['example.com/dns', 'True'],
    ]);
  });
});
