// End to end with the scheduler: a pod created without a node is bound by it and run by a kubelet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Event, Pod } from '../api/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { runScheduler, type RunningScheduler } from '../scheduler/index.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;
let scheduler: RunningScheduler;

beforeAll(async () => {
  h = await startKubeletHarness({ count: 3 });
  scheduler = runScheduler({ client: h.client });
  await scheduler.ready;
});
afterAll(async () => {
  await scheduler?.stop();
  await h?.stop();
});

describe('scheduler + kubelets', () => {
  it('binds a pod created without nodeName and runs it on the chosen node', async () => {
    const manifest = podManifest('placed');
    delete manifest.spec!.nodeName;
    await h.pods.create(manifest);
    const bound = await h.waitForPod('placed', (p: Pod) => p.status?.containerStatuses !== undefined, 'bound and seen by its kubelet');
    const nodeName = bound.spec?.nodeName ?? '';
    expect(['engenho-node-0', 'engenho-node-1', 'engenho-node-2']).toContain(nodeName);
    const index = Number(nodeName.slice('engenho-node-'.length));
    await h.advance(1000);
    const running = await h.waitForPod('placed', (p: Pod) => p.status?.phase === 'Running', 'Running');
    expect(running.status).toMatchObject({
      hostIP: `172.18.0.${index + 2}`,
      podIP: `10.244.${index}.2`,
      containerStatuses: [{ name: 'app', ready: true, started: true, state: { running: {} } }],
    });
    expect(running.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
    const events = h.client.resource<CoreV1Event>('v1', 'events');
    const forPod = async () => (await events.list({ namespace: 'default' })).items.filter((e) => e.involvedObject.name === 'placed');
    await eventually(async () => (await forPod()).length === 4, 'four events');
    const seen = (await forPod()).map((e) => [e.reason, e.message, e.source?.component, e.source?.host]);
    expect(seen.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['Created', 'Created container: app', 'kubelet', nodeName],
      ['Pulled', 'Container image "nginx" already present on machine', 'kubelet', nodeName],
      ['Scheduled', `Successfully assigned default/placed to ${nodeName}`, 'default-scheduler', undefined],
      ['Started', 'Started container app', 'kubelet', nodeName],
    ]);
  });
});
