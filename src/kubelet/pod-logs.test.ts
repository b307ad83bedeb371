// Container logs through the API server's pods/log, served by the kubelets' connector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../client/index.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;
let transport: Transport;

beforeAll(async () => {
  h = await startKubeletHarness({ sim: { startDelayMs: 1000, logIntervalMs: 10_000 } });
  h.api.server.context.nodes = { podLogs: (request) => h.running.podLogs(request) };
  transport = h.api.inProcess();
});
afterAll(async () => {
  await h?.stop();
});

const logPath = (pod: string) => `/api/v1/namespaces/default/pods/${pod}/log`;

describe('pods/log from simulated containers', () => {
  it('answers with the lines of the running container, tail and previous instances', async () => {
    await h.pods.create({
      ...podManifest('talker', { restartPolicy: 'Always', containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c'], args: ['echo hi'] }] }),
      metadata: { name: 'talker', namespace: 'default', annotations: { 'sim.engenho.io/exit-after-seconds': '25', 'sim.engenho.io/exit-code': '2' } },
    });
    await h.waitForPod('talker', (p) => p.status?.containerStatuses !== undefined, 'seen by the kubelet');
    const waiting = await transport.request({ method: 'GET', path: logPath('talker') });
    expect([waiting.status, JSON.parse(waiting.body).message]).toEqual([400, 'container "app" in pod "talker" is waiting to start: ContainerCreating']);

    await h.advance(1000);
    await h.waitForPod('talker', (p) => p.status?.phase === 'Running', 'Running');
    await h.advance(20_000);
    const log = await transport.request({ method: 'GET', path: logPath('talker') });
    expect([log.status, log.body]).toEqual([
      200,
      [
        'sim: container app started (image docker.io/library/busybox:latest)',
        'sim: running sh -c echo hi',
        'sim: app running for 10s',
        'sim: app running for 20s',
        '',
      ].join('\n'),
    ]);
    const tail = await transport.request({ method: 'GET', path: logPath('talker'), query: { tailLines: '1', timestamps: 'true' } });
    expect(tail.body).toBe('2026-01-01T00:00:21.000000000Z sim: app running for 20s\n');
    const noPrevious = await transport.request({ method: 'GET', path: logPath('talker'), query: { previous: 'true' } });
    expect([noPrevious.status, JSON.parse(noPrevious.body).message]).toEqual([400, 'previous terminated container "app" in pod "talker" not found']);

    await h.advance(5000); // exits with 2, restarts at once
    await h.waitForPod('talker', (p) => p.status?.containerStatuses?.[0].restartCount === 1, 'restarted');
    const previous = await transport.request({ method: 'GET', path: logPath('talker'), query: { previous: 'true', tailLines: '1' } });
    expect([previous.status, previous.body]).toEqual([200, 'sim: container app exited with code 2\n']);
  });
});
