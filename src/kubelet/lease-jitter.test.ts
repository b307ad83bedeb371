// Lease renewal with jitter (upstream's JitterUntil factor 0.04): each wait is the interval stretched
// by up to 4%, drawn per renewal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '../api/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;
const draws = [0.5, 0.75];

beforeAll(async () => {
  let next = 0;
  h = await startKubeletHarness({ kubelet: { leaseJitter: 0.04, random: () => draws[next++ % draws.length] } });
});
afterAll(async () => {
  await h?.stop();
});

describe('lease renewal jitter', () => {
  it('waits the interval plus jitter x random x interval before each renewal', async () => {
    const leases = h.client.resource<Lease>('coordination.k8s.io/v1', 'leases');
    const renewTime = async () => (await leases.get('engenho-node-0', { namespace: 'kube-node-lease' })).spec?.renewTime;
    expect(await renewTime()).toBe('2026-01-01T00:00:00.000000Z');
    await h.advance(10_199);
    expect(await renewTime()).toBe('2026-01-01T00:00:00.000000Z');
    await h.advance(1);
    await eventually(async () => (await renewTime()) === '2026-01-01T00:00:10.200000Z', 'renewed at 10.2 s (0.5 x 4% of 10 s late)');
    // The next wait draws again: 0.75 x 4%, 10.3 s after the last renewal.
    await h.advance(10_299);
    expect(await renewTime()).toBe('2026-01-01T00:00:10.200000Z');
    await h.advance(1);
    await eventually(async () => (await renewTime()) === '2026-01-01T00:00:20.500000Z', 'renewed at 20.5 s');
  });
});
