// The whole workload path in-process: controllers, scheduler and simulated kubelets against a real
// API server, driven by kubectl: a Deployment rolls out, rolls an image change, and its namespace
// goes with everything in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { Client, isNotFound } from '../client/index.js';
import { eventually, type RealApiServer } from '../client/testing/real-api-server.js';
import { startSimCluster, type SimCluster } from './testing/sim-cluster.js';

let cluster: SimCluster;
let api: RealApiServer;
let kubectl: SimCluster['kubectl'];

beforeAll(async () => {
  cluster = await startSimCluster();
  api = cluster.api;
  kubectl = cluster.kubectl;
});
afterAll(async () => {
  await cluster?.stop();
});

describe('workloads on simulated nodes', () => {
  it('a Deployment rolls out, rolls an image change, and its namespace is deleted with it', async () => {
    await kubectl('create', 'namespace', 'shop');
    await kubectl('-n', 'shop', 'create', 'deployment', 'web', '--image=nginx:1', '--replicas=3');
    expect(await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    const pods = new Client(api.inProcess()).resource<Pod>('v1', 'pods');
    const running = (await pods.list({ namespace: 'shop' })).items;
    expect(running.map((pod) => [pod.status?.phase, Boolean(pod.spec?.nodeName)])).toEqual([
      ['Running', true],
      ['Running', true],
      ['Running', true],
    ]);

    await kubectl('-n', 'shop', 'set', 'image', 'deployment/web', 'nginx=nginx:2');
    expect(await kubectl('-n', 'shop', 'rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    await eventually(async () => {
      const items = (await pods.list({ namespace: 'shop' })).items;
      return items.length === 3 && items.every((pod) => pod.spec?.containers[0]?.image === 'nginx:2' && pod.status?.phase === 'Running');
    }, 'three nginx:2 pods running');

    await kubectl('delete', 'namespace', 'shop', '--wait=false');
    await eventually(async () => {
      try {
        await new Client(api.inProcess()).resource('v1', 'namespaces').get('shop');
        return false;
      } catch (error) {
        return isNotFound(error);
      }
    }, 'namespace shop gone', 6000);
  });
});
