import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '../../api/index.js';
import { eventually } from '../../client/testing/real-api-server.js';
import { FakeRuntime } from '../testing/fake-runtime.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from '../testing/kubelet-harness.js';

let h: KubeletHarness;
let runtime: FakeRuntime;
let rootDir: string;
let server: Server;
let httpStatus = 500;
const passing = new Set<string>();

beforeAll(async () => {
  rootDir = mkdtempSync(join(tmpdir(), 'kubelet-probes-'));
  h = await startKubeletHarness({
    runtime: (clock) => (runtime = new FakeRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 1000, logIntervalMs: 0 })),
    kubelet: { rootDir },
  });
  runtime.execAnswer = (name, command) => {
    const key = `${name}:${command.join(' ')}`;
    return passing.has(key) ? { exitCode: 0, stdout: '', stderr: '' } : { exitCode: 1, stdout: `${command[0]} says no\n`, stderr: '' };
  };
  server = createServer((req, res) => {
    res.writeHead(req.headers['x-probe'] === 'yes' ? httpStatus : 400);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await h?.stop();
  server?.close();
  rmSync(rootDir, { recursive: true, force: true });
});

const status = (p: Pod) => p.status?.containerStatuses?.[0];
const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.status;
const execsOf = (name: string, command: string) => runtime.execs.filter((e) => e.name === name && e.command[0] === command).length;

describe('probes', () => {
  it('readiness gates ready and the Ready condition; failures are Unhealthy Events', async () => {
    await h.pods.create(
      podManifest('ready', {
        containers: [{ name: 'web', image: 'nginx:1', readinessProbe: { exec: { command: ['check-ready'] }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1 } }],
      }),
    );
    await h.advance(1_000);
    const running = await h.waitForPod('ready', (p) => p.status?.phase === 'Running', 'Running');
    expect(status(running)).toMatchObject({ started: true, ready: false });
    expect(condition(running, 'Ready')).toBe('False');
    expect(execsOf('web', 'check-ready')).toBe(0);
    await h.advance(5_000);
    await eventually(() => execsOf('web', 'check-ready') === 1, 'first probe after initialDelaySeconds');
    expect(runtime.execs.find((e) => e.name === 'web')).toEqual({ name: 'web', command: ['check-ready'], timeoutMs: 3000 });
    await eventually(async () => (await h.eventsOf('ready')).some((e) => e.includes('Unhealthy')), 'Unhealthy event');
    expect((await h.eventsOf('ready')).filter((e) => e.includes('Unhealthy'))).toEqual(['Warning Unhealthy: Readiness probe failed: check-ready says no\n']);

    passing.add('web:check-ready');
    await h.advance(10_000);
    const ready = await h.waitForPod('ready', (p) => status(p)?.ready === true, 'ready');
    expect(condition(ready, 'Ready')).toBe('True');
    expect(condition(ready, 'ContainersReady')).toBe('True');

    passing.delete('web:check-ready');
    await h.advance(10_000);
    await h.advance(10_000);
    expect((await h.pods.get('ready')).status?.containerStatuses?.[0]?.ready).toBe(true);
    await h.advance(10_000);
    const unready = await h.waitForPod('ready', (p) => status(p)?.ready === false, 'unready after failureThreshold failures');
    expect(condition(unready, 'Ready')).toBe('False');
    expect(status(unready)?.restartCount).toBe(0);
  });

  it('liveness failure kills the container with the probe grace period and restarts it', async () => {
    await h.pods.create(
      podManifest('live', {
        terminationGracePeriodSeconds: 45,
        containers: [{ name: 'app', image: 'busybox:1', livenessProbe: { exec: { command: ['check-live'] }, periodSeconds: 5, failureThreshold: 2, terminationGracePeriodSeconds: 7 } }],
      }),
    );
    await h.advance(1_000);
    await h.waitForPod('live', (p) => p.status?.phase === 'Running', 'Running');
    expect(status(await h.pods.get('live'))?.ready).toBe(true);
    await h.advance(0);
    await eventually(() => execsOf('app', 'check-live') === 1, 'first liveness probe');
    expect(runtime.stops.filter((s) => s.name === 'app')).toEqual([]);
    await h.advance(5_000);
    await eventually(() => runtime.stops.some((s) => s.name === 'app'), 'killed after two failures');
    expect(runtime.stops.filter((s) => s.name === 'app')).toEqual([{ name: 'app', grace: 7 }]);
    await h.advance(1_000);
    const restarted = await h.waitForPod('live', (p) => status(p)?.restartCount === 1 && status(p)?.state?.running !== undefined, 'restarted');
    expect(status(restarted)?.lastState?.terminated).toMatchObject({ exitCode: 0 });
    await eventually(async () => (await h.eventsOf('live')).some((e) => e.includes('Killing')), 'Killing event');
    const events = await h.eventsOf('live');
    expect(events.filter((e) => e.includes('Unhealthy') || e.includes('Killing'))).toEqual([
      'Normal Killing: Container app failed liveness probe, will be restarted',
      'Warning Unhealthy: Liveness probe failed: check-live says no\n',
    ]);
  });

  it('a startup probe holds liveness and readiness back until it succeeds', async () => {
    await h.pods.create(
      podManifest('slow', {
        containers: [
          {
            name: 'slow',
            image: 'busybox:1',
            startupProbe: { exec: { command: ['check-start'] }, periodSeconds: 2, failureThreshold: 30 },
            livenessProbe: { exec: { command: ['check-live'] }, periodSeconds: 2 },
          },
        ],
      }),
    );
    passing.add('slow:check-live');
    await h.advance(1_000);
    await h.waitForPod('slow', (p) => p.status?.phase === 'Running', 'Running');
    await h.advance(4_000);
    await eventually(() => execsOf('slow', 'check-start') >= 2, 'startup probes');
    const starting = await h.pods.get('slow');
    expect(status(starting)).toMatchObject({ started: false, ready: false });
    expect(execsOf('slow', 'check-live')).toBe(0);
    passing.add('slow:check-start');
    await h.advance(2_000);
    const started = await h.waitForPod('slow', (p) => status(p)?.started === true, 'started');
    expect(status(started)?.ready).toBe(true);
    const startupRuns = execsOf('slow', 'check-start');
    await h.advance(4_000);
    await eventually(() => execsOf('slow', 'check-live') >= 1, 'liveness runs once started');
    expect(execsOf('slow', 'check-start')).toBe(startupRuns);
  });

  it('httpGet and tcpSocket probes reach the host and port they name', async () => {
    const port = (server.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await h.pods.create(
      podManifest('net', {
        containers: [
          {
            name: 'http',
            image: 'nginx:1',
            ports: [{ name: 'web', containerPort: port }],
            readinessProbe: { httpGet: { host: '127.0.0.1', port: 'web', path: '/healthz', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] }, periodSeconds: 10 },
          },
          { name: 'tcp', image: 'nginx:1', readinessProbe: { tcpSocket: { host: '127.0.0.1', port: closedPort }, periodSeconds: 10 } },
        ],
      }),
    );
    await h.advance(1_000);
    await eventually(async () => (await h.eventsOf('net')).filter((e) => e.includes('Unhealthy')).length === 2, 'both probes failed once');
    expect((await h.eventsOf('net')).filter((e) => e.includes('Unhealthy'))).toEqual([
      'Warning Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 500',
      `Warning Unhealthy: Readiness probe failed: dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
    ]);
    httpStatus = 204;
    await h.advance(10_000);
    const pod = await h.waitForPod('net', (p) => p.status?.containerStatuses?.find((c) => c.name === 'http')?.ready === true, 'http ready');
    expect(pod.status?.containerStatuses?.find((c) => c.name === 'tcp')?.ready).toBe(false);
  });
});
