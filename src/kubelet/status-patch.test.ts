import { describe, expect, it } from 'vitest';
import type { Pod, PodStatus } from '../api/index.js';
import { statusPatch, withLastStatus, type WrittenStatus } from './status-patch.js';

const running: PodStatus = { phase: 'Running', hostIP: '172.18.0.2', podIP: '10.244.0.2', podIPs: [{ ip: '10.244.0.2' }], conditions: [{ type: 'Ready', status: 'True' }] };

describe('statusPatch', () => {
  it('carries only the fields that changed, lists whole, and nulls pod IPs no longer reported', () => {
    expect(statusPatch(running, { ...running })).toBeUndefined();
    expect(statusPatch({ ...running, nominatedNodeName: 'n' }, running)).toBeUndefined();
    expect(statusPatch(running, { ...running, phase: 'Succeeded', conditions: [{ type: 'Ready', status: 'False' }] })).toEqual({
      phase: 'Succeeded',
      conditions: [{ type: 'Ready', status: 'False' }],
    });
    const { podIP: _ip, podIPs: _ips, ...withoutIPs } = running;
    expect(statusPatch(running, withoutIPs)).toEqual({ podIP: null, podIPs: null });
    expect(statusPatch(undefined, { phase: 'Pending' })).toEqual({ phase: 'Pending' });
  });
});

describe('withLastStatus', () => {
  const pod = (resourceVersion: string): Pod => ({ metadata: { name: 'p', uid: 'u', resourceVersion }, status: { phase: 'Pending' } });

  it('shows the last write until the cache has a resourceVersion at or past it, then forgets the write', () => {
    const written = new Map<string, WrittenStatus>([['u', { resourceVersion: 12, status: running }]]);
    expect(withLastStatus(pod('11'), written).status).toBe(running);
    expect(withLastStatus(pod('12'), written).status).toEqual({ phase: 'Pending' });
    expect(written.size).toBe(0);
    written.set('u', { resourceVersion: 12, status: running });
    expect(withLastStatus(pod('not-a-number'), written).status).toBe(running);
    expect(withLastStatus(pod('13'), written).status).toEqual({ phase: 'Pending' });
  });
});
