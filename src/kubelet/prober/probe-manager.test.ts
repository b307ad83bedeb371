import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/index.js';
import { FakeClock } from '../../client/testing/index.js';
import type { ContainerRecord, SandboxStatus } from '../container-runtime.js';
import { FakeRuntime } from '../testing/fake-runtime.js';
import { ProbeManager } from './probe-manager.js';

const sandbox: SandboxStatus = { id: 'sb', podUid: 'uid', ip: '10.0.0.2', state: 'ready', createdAt: 0 };
const pod: Pod = {
  metadata: { name: 'p', namespace: 'default', uid: 'uid' },
  spec: { containers: [{ name: 'app', startupProbe: { exec: { command: ['check'] }, periodSeconds: 1 }, readinessProbe: { exec: { command: ['ready'] } } }] },
};
const record = (startedAt: number): ContainerRecord => ({ id: 'c1', sandboxId: 'sb', name: 'app', attempt: 0, image: 'x', imageID: 'x', state: 'running', createdAt: startedAt, startedAt });

describe('ProbeManager', () => {
  it('counts a container that ran before the kubelet started as started; a new one waits for its startup probe', () => {
    const clock = new FakeClock(1_000_000);
    const manager = new ProbeManager({ runtime: new FakeRuntime({ podCIDR: '10.0.0.0/24', clock }), clock, warn: () => {}, changed: () => {} });
    manager.sync(pod, sandbox, [record(999_000)]);
    expect(manager.state('c1')).toEqual({ started: true, ready: false });
    manager.forgetPod('uid');
    manager.sync(pod, sandbox, [record(1_000_000)]);
    expect(manager.state('c1')).toEqual({ started: false, ready: false });
    manager.stop();
  });
});
