import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { FakeClock } from '../client/testing/index.js';
import type { Pod } from '../api/index.js';
import { runKubelets } from './run-kubelets.js';
import { FakeRuntime } from './testing/fake-runtime.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;
let runtime: FakeRuntime;
let rootDir: string;

beforeAll(async () => {
  rootDir = mkdtempSync(join(tmpdir(), 'kubelet-stop-'));
  h = await startKubeletHarness({
    runtime: (clock) => (runtime = new FakeRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 1000, logIntervalMs: 0 })),
    kubelet: { rootDir },
  });
});
afterAll(async () => {
  await h?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

async function runningPod(name: string, spec: Partial<NonNullable<Pod['spec']>>): Promise<void> {
  await h.pods.create(podManifest(name, spec));
  await h.advance(1_000);
  await h.waitForPod(name, (p) => p.status?.phase === 'Running', 'Running');
}

async function deleted(name: string): Promise<void> {
  await eventually(async () => (await h.pods.get(name).catch(() => undefined)) === undefined, `${name} deleted`);
}

describe('graceful stop', () => {
  it('passes the pod deletion grace period to the runtime for every container', async () => {
    await runningPod('g1', { terminationGracePeriodSeconds: 60, containers: [{ name: 'a', image: 'busybox:1' }, { name: 'b', image: 'busybox:1' }] });
    await h.pods.delete('g1', { namespace: 'default', gracePeriodSeconds: 12 });
    await deleted('g1');
    expect(runtime.stops.filter((s) => s.name === 'a' || s.name === 'b').sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { name: 'a', grace: 12 },
      { name: 'b', grace: 12 },
    ]);
    expect(await h.eventsOf('g1')).toContain('Normal Killing: Stopping container a');
  });

  it('defaults to terminationGracePeriodSeconds and runs an exec preStop hook first', async () => {
    await runningPod('g2', { terminationGracePeriodSeconds: 20, containers: [{ name: 'hooked', image: 'busybox:1', lifecycle: { preStop: { exec: { command: ['nginx', '-s', 'quit'] } } } }] });
    await h.pods.delete('g2', { namespace: 'default' });
    await deleted('g2');
    expect(runtime.execs.filter((e) => e.name === 'hooked')).toEqual([{ name: 'hooked', command: ['nginx', '-s', 'quit'], timeoutMs: 20_000 }]);
    expect(runtime.stops.filter((s) => s.name === 'hooked')).toEqual([{ name: 'hooked', grace: 20 }]);
  });

  it('records FailedPreStopHook when the hook fails and still stops the container', async () => {
    runtime.execAnswer = () => ({ exitCode: 2, stdout: 'bye', stderr: '' });
    await runningPod('g3', { containers: [{ name: 'hooked', image: 'busybox:1', lifecycle: { preStop: { exec: { command: ['false'] } } } }] });
    const uid = (await h.pods.get('g3')).metadata!.uid!;
    await h.pods.delete('g3', { namespace: 'default' });
    await deleted('g3');
    expect(runtime.stops.filter((s) => s.name === 'hooked').at(-1)).toEqual({ name: 'hooked', grace: 30 });
    const events = await h.eventsOf('g3');
    expect(events.filter((e) => e.includes('PreStop'))).toEqual([
      `Warning FailedPreStopHook: Exec lifecycle hook ([false]) for Container "hooked" in Pod "g3_default(${uid})" failed - error: command 'false' exited with 2: , message: "bye"`,
    ]);
  });
});

describe('preStop httpGet', () => {
  it('calls the hook before stopping the container', async () => {
    const { createServer } = await import('node:http');
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await runningPod('g4', { containers: [{ name: 'web', image: 'nginx:1', lifecycle: { preStop: { httpGet: { host: '127.0.0.1', port, path: '/shutdown' } } } }] });
    await h.pods.delete('g4', { namespace: 'default' });
    await deleted('g4');
    server.close();
    expect(paths).toEqual(['/shutdown']);
    expect(runtime.stops.filter((s) => s.name === 'web').at(-1)).toEqual({ name: 'web', grace: 30 });
  });
});

describe('postStart', () => {
  it('runs the hook once the container runs; a failure kills the container, which restarts', async () => {
    runtime.execAnswer = (_name, command) => (command[0] === 'fail-setup' ? { exitCode: 1, stdout: 'no config', stderr: '' } : { exitCode: 0, stdout: '', stderr: '' });
    await runningPod('hooked-ok', { containers: [{ name: 'ok', image: 'busybox:1', lifecycle: { postStart: { exec: { command: ['setup'] } } } }] });
    expect(runtime.execs.filter((e) => e.name === 'ok').map((e) => e.command)).toEqual([['setup']]);

    await h.pods.create(podManifest('hooked-bad', { terminationGracePeriodSeconds: 9, containers: [{ name: 'bad', image: 'busybox:1', lifecycle: { postStart: { exec: { command: ['fail-setup'] } } } }] }));
    await h.advance(1_000);
    await eventually(() => runtime.stops.some((s) => s.name === 'bad'), 'killed after the failed hook');
    expect(runtime.stops.filter((s) => s.name === 'bad')).toEqual([{ name: 'bad', grace: 9 }]);
    const uid = (await h.pods.get('hooked-bad')).metadata!.uid!;
    await eventually(async () => (await h.eventsOf('hooked-bad')).some((e) => e.includes('FailedPostStartHook:')), 'event');
    expect((await h.eventsOf('hooked-bad')).filter((e) => e.includes('PostStart') || e.includes('Killing'))).toEqual([
      'Normal Killing: FailedPostStartHook',
      `Warning FailedPostStartHook: Exec lifecycle hook ([fail-setup]) for Container "bad" in Pod "hooked-bad_default(${uid})" failed - error: command 'fail-setup' exited with 1: , message: "no config"`,
    ]);
    await h.advance(1_000);
    await h.waitForPod('hooked-bad', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'restarted');
  });
});

describe('recovery', () => {
  let api: RealApiServer;
  afterAll(async () => api?.stop());

  it('hands the runtime the uids of the pods bound to the node before the first sync', async () => {
    api = await startRealApiServer();
    const client = new Client(api.inProcess(), { fieldManager: 'recovery-test' });
    const pods = client.resource<Pod>('v1', 'pods');
    const a = await pods.create(podManifest('a'));
    const b = await pods.create(podManifest('b'));
    await pods.create(podManifest('elsewhere', { nodeName: 'other-node' }));
    const clock = new FakeClock();
    const dir = mkdtempSync(join(tmpdir(), 'kubelet-recover-'));
    const fake = new FakeRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 1000, logIntervalMs: 0 });
    const started: number[] = [];
    const original = fake.recover.bind(fake);
    fake.recover = async (live) => {
      started.push(fake.starts.length);
      await original(live);
    };
    const running = runKubelets({ client, clock, count: 1, kubelet: { runtime: fake, rootDir: dir } });
    await running.ready;
    expect(fake.recovered).toEqual([a.metadata!.uid, b.metadata!.uid].sort());
    expect(started).toEqual([0]);
    await running.stop();
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
