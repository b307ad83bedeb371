import { describe, expect, it } from 'vitest';
import { FakeClock } from '../client/testing/index.js';
import type { ContainerConfig } from './container-runtime.js';
import { LogRing } from './log-ring.js';
import { nodeInternalIP, nodePodCIDR, PodIPAllocator } from './pod-cidr.js';
import { formatDuration, RestartBackoff } from './restart-backoff.js';
import { normalizeImage, simImageID } from './runtimes/sim/image-names.js';
import { simBehaviour } from './runtimes/sim/sim-behaviour.js';
import { SimRuntime } from './runtimes/sim/sim-runtime.js';

const config = (overrides: Partial<ContainerConfig> = {}): ContainerConfig => ({ name: 'app', image: 'nginx', annotations: {}, attempt: 0, init: false, ...overrides });

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe('SimRuntime', () => {
  it('starts a container after the delay, exits it as annotated, and notifies each change', async () => {
    const clock = new FakeClock();
    let next = 0;
    const runtime = new SimRuntime({ podCIDR: '10.244.3.0/24', clock, startDelayMs: 500, logIntervalMs: 0, newId: () => `id${next++}` });
    const changes: string[] = [];
    runtime.onChange((change) => changes.push(`${change.podUid}/${change.containerId}`));
    const sandbox = await runtime.runPodSandbox({ podUid: 'u1', namespace: 'default', name: 'p', annotations: {} });
    expect(sandbox).toEqual({ id: 'id0', podUid: 'u1', ip: '10.244.3.2', state: 'ready', createdAt: clock.now() });
    expect(await runtime.runPodSandbox({ podUid: 'u1', namespace: 'default', name: 'p', annotations: {} })).toBe(sandbox);
    const started = await runtime.startContainer('id0', config({ annotations: { 'sim.engenho.io/exit-after-seconds': '2', 'sim.engenho.io/exit-code': '7' } }));
    expect(started).toMatchObject({ id: 'id1', state: 'created', image: 'docker.io/library/nginx:latest' });
    await clock.advance(500);
    expect(runtime.listContainers('id0')[0]).toMatchObject({ state: 'running', startedAt: clock.now() });
    await clock.advance(2000);
    expect(runtime.listContainers('id0')[0]).toMatchObject({ state: 'exited', exitCode: 7, reason: 'Error', finishedAt: clock.now() });
    expect(changes).toEqual(['u1/id1', 'u1/id1']);
    expect(await collect(runtime.logs('id1'))).toBe('sim: container app started (image docker.io/library/nginx:latest)\nsim: container app exited with code 7\n');
    expect(await collect(runtime.logs('id1', { limitBytes: 10 }))).toBe('sim: conta');
  });

  it('stops every container of a sandbox (exit 0) and releases its IP', async () => {
    const clock = new FakeClock();
    const runtime = new SimRuntime({ podCIDR: '10.244.0.0/30', clock, startDelayMs: 0, logIntervalMs: 0 });
    const first = await runtime.runPodSandbox({ podUid: 'a', namespace: 'n', name: 'a', annotations: {} });
    await runtime.startContainer(first.id, config());
    await clock.advance(0);
    await runtime.stopPodSandbox(first.id);
    expect(runtime.listContainers(first.id)[0]).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
    expect(runtime.sandboxFor('a')?.state).toBe('notready');
    await expect(runtime.startContainer(first.id, config())).rejects.toThrow(`sandbox ${first.id} is not ready`);
    const second = await runtime.runPodSandbox({ podUid: 'b', namespace: 'n', name: 'b', annotations: {} });
    expect(second.ip).toBe('10.244.0.2');
    await runtime.removePodSandbox(first.id);
    expect(runtime.sandboxFor('a')).toBeUndefined();
  });

  it('follows a log until the container exits, and answers exec', async () => {
    const clock = new FakeClock();
    const runtime = new SimRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 0, logIntervalMs: 1000 });
    const sandbox = await runtime.runPodSandbox({ podUid: 'a', namespace: 'n', name: 'a', annotations: {} });
    const container = await runtime.startContainer(sandbox.id, config({ annotations: { 'sim.engenho.io/exit-after-seconds': '2.5' } }));
    await clock.advance(0);
    expect(await runtime.exec(container.id, ['echo', 'hello', 'world'])).toEqual({ exitCode: 0, stdout: 'hello world\n', stderr: '' });
    const followed = collect(runtime.logs(container.id, { follow: true }));
    await clock.advance(3000);
    expect(await followed).toBe(
      ['sim: container app started (image docker.io/library/nginx:latest)', 'sim: app running for 1s', 'sim: app running for 2s', 'sim: container app exited with code 0', ''].join('\n'),
    );
    await expect(runtime.exec(container.id, ['true'])).rejects.toThrow('is not running');
  });
});

describe('sim logs', () => {
  it('keep the newest lines of a long run (heartbeats included), with tail, since and timestamps', async () => {
    const clock = new FakeClock();
    const runtime = new SimRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 0, logIntervalMs: 1000, logLines: 3 });
    const sandbox = await runtime.runPodSandbox({ podUid: 'a', namespace: 'n', name: 'a', annotations: {} });
    const container = await runtime.startContainer(sandbox.id, config({ command: ['sleep'], args: ['infinity'] }));
    await clock.advance(0);
    expect(await collect(runtime.logs(container.id))).toBe('sim: container app started (image docker.io/library/nginx:latest)\nsim: running sleep infinity\n');
    await clock.advance(10_500);
    expect(await collect(runtime.logs(container.id))).toBe('sim: app running for 8s\nsim: app running for 9s\nsim: app running for 10s\n');
    expect(await collect(runtime.logs(container.id, { tailLines: 1, timestamps: true }))).toBe('2026-01-01T00:00:10.000000000Z sim: app running for 10s\n');
    expect(await collect(runtime.logs(container.id, { since: clock.now() - 1600 }))).toBe('sim: app running for 9s\nsim: app running for 10s\n');
    await runtime.stopContainer(container.id);
    expect(await collect(runtime.logs(container.id, { tailLines: 2 }))).toBe('sim: app running for 10s\nsim: container app exited with code 0\n');
  });

  it('of a container stopped before it ran hold only its exit; a heartbeat due at the exit is not written', async () => {
    const clock = new FakeClock();
    const runtime = new SimRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 500, logIntervalMs: 1000 });
    const sandbox = await runtime.runPodSandbox({ podUid: 'a', namespace: 'n', name: 'a', annotations: {} });
    const never = await runtime.startContainer(sandbox.id, config({ name: 'never' }));
    await runtime.stopContainer(never.id);
    expect(await collect(runtime.logs(never.id))).toBe('sim: container never exited with code 0\n');
    const brief = await runtime.startContainer(sandbox.id, config({ name: 'brief', annotations: { 'sim.engenho.io/exit-after-seconds': '2' } }));
    const followed = collect(runtime.logs(brief.id, { follow: true }));
    await clock.advance(3000);
    expect(await followed).toBe(['sim: container brief started (image docker.io/library/nginx:latest)', 'sim: brief running for 1s', 'sim: container brief exited with code 0', ''].join('\n'));
  });
});

describe('sim behaviour annotations', () => {
  it('reads pod-wide and per-container keys; init containers exit 0 at once unless told', () => {
    const annotations = { 'sim.engenho.io/exit-after-seconds': '5', 'sim.engenho.io/exit-code': '2', 'sim.engenho.io/exit-code.side': '9' };
    expect(simBehaviour(config({ annotations }))).toEqual({ exitAfterSeconds: 5, exitCode: 2 });
    expect(simBehaviour(config({ name: 'side', annotations }))).toEqual({ exitAfterSeconds: 5, exitCode: 9 });
    expect(simBehaviour(config({ init: true, annotations }))).toEqual({ exitAfterSeconds: 0, exitCode: 0 });
    expect(simBehaviour(config({ annotations: { 'sim.engenho.io/exit-after-seconds': 'soon' } }))).toEqual({ exitAfterSeconds: undefined, exitCode: 0 });
  });
});

describe('LogRing', () => {
  it('keeps the newest lines and honours tail and since', async () => {
    const ring = new LogRing(3);
    for (let i = 1; i <= 5; i++) ring.append(i * 1000, `line ${i}`);
    expect(ring.snapshot().map((l) => l.text)).toEqual(['line 3', 'line 4', 'line 5']);
    const read = async (options: Parameters<LogRing['read']>[0]) => {
      const out: string[] = [];
      for await (const line of ring.read(options)) out.push(line.text);
      return out;
    };
    expect(await read({ tailLines: 2 })).toEqual(['line 4', 'line 5']);
    expect(await read({ tailLines: 0 })).toEqual([]);
    expect(await read({ since: 4000 })).toEqual(['line 4', 'line 5']);
  });
});

describe('addresses', () => {
  it('gives node i a host IP and a /24 pod CIDR, 1,000 nodes without overlap', () => {
    expect([nodeInternalIP(0), nodeInternalIP(253), nodeInternalIP(254), nodeInternalIP(999)]).toEqual(['172.18.0.2', '172.18.0.255', '172.18.1.0', '172.18.3.233']);
    expect([nodePodCIDR(0), nodePodCIDR(255), nodePodCIDR(256), nodePodCIDR(999)]).toEqual(['10.244.0.0/24', '10.244.255.0/24', '10.245.0.0/24', '10.247.231.0/24']);
    expect(new Set(Array.from({ length: 1000 }, (_, i) => nodePodCIDR(i))).size).toBe(1000);
  });

  it('allocates pod IPs from the CIDR, skipping network, gateway and broadcast, and says when it is full', () => {
    const ips = new PodIPAllocator('10.0.0.0/29');
    expect(Array.from({ length: 5 }, () => ips.allocate())).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(() => ips.allocate()).toThrow('pod CIDR 10.0.0.0/29 has no free address');
    ips.release('10.0.0.4');
    expect(ips.allocate()).toBe('10.0.0.4');
    expect(() => new PodIPAllocator('fd00::/64')).toThrow('pod CIDR "fd00::/64" is not an IPv4 CIDR of /30 or larger');
  });
});

describe('image names', () => {
  it('normalizes references as containerd reports them', () => {
    expect(['nginx', 'nginx:1.27', 'library/nginx', 'quay.io/x/y', 'localhost:5000/app', 'ghcr.io/a/b@sha256:abc'].map(normalizeImage)).toEqual([
      'docker.io/library/nginx:latest',
      'docker.io/library/nginx:1.27',
      'docker.io/library/nginx:latest',
      'quay.io/x/y:latest',
      'localhost:5000/app:latest',
      'ghcr.io/a/b@sha256:abc',
    ]);
    expect(simImageID('nginx:1.27')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(simImageID('nginx:1.27')).toBe(simImageID('docker.io/library/nginx:1.27'));
  });
});

describe('RestartBackoff', () => {
  it('restarts the first exit at once, then waits 10 s doubling to 5 min, and forgets after 10 quiet minutes', () => {
    const backoff = new RestartBackoff();
    const waits: string[] = [];
    let now = 0;
    for (let crash = 0; crash < 8; crash++) {
      if (backoff.inBackOffSince('k', now, now)) waits.push(formatDuration(backoff.current('k')));
      now += backoff.current('k');
      backoff.next('k', now);
    }
    expect(waits).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s']);
    expect(backoff.inBackOffSince('k', now + 600_001, now + 600_001)).toBe(false);
    backoff.next('k', now + 600_001);
    expect(backoff.current('k')).toBe(10_000);
  });
});
