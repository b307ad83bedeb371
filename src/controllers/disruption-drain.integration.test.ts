// kubectl drain against controllers, scheduler and simulated kubelets: evictions are refused while
// the PodDisruptionBudget allows none, and the drain goes through once it does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node, Pod, PodDisruptionBudget } from '../api/index.js';
import { Client } from '../client/index.js';
import { eventually, type RealApiServer } from '../client/testing/real-api-server.js';
import { deploymentController } from './deployment-controller.js';
import { disruptionController } from './disruption-controller.js';
import { replicaSetController } from './replicaset-controller.js';
import { startSimCluster, type SimCluster } from './testing/sim-cluster.js';

const run = promisify(execFile);

let cluster: SimCluster;
let api: RealApiServer;
let kubectl: SimCluster['kubectl'];

beforeAll(async () => {
  cluster = await startSimCluster({ factories: { replicaset: replicaSetController, deployment: deploymentController, disruption: disruptionController }, sim: { startDelayMs: 0, logIntervalMs: 0 } });
  api = cluster.api;
  kubectl = cluster.kubectl;
});
afterAll(async () => {
  await cluster?.stop();
});

describe('kubectl drain with a PodDisruptionBudget', () => {
  it('refuses to evict below minAvailable, then drains once the budget allows it', async () => {
    const client = new Client(api.inProcess());
    const pods = client.resource<Pod>('v1', 'pods');
    const budgets = client.resource<PodDisruptionBudget>('policy/v1', 'poddisruptionbudgets');
    await kubectl('create', 'deployment', 'web', '--image=nginx:1', '--replicas=2');
    await kubectl('create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=2');
    expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    await eventually(async () => (await budgets.get('web', { namespace: 'default' })).status?.currentHealthy === 2, 'budget sees 2 healthy pods');
    expect((await budgets.get('web', { namespace: 'default' })).status?.disruptionsAllowed).toBe(0);
    const node = (await pods.list({ namespace: 'default' })).items[0]!.spec!.nodeName!;

    const refused = await run('kubectl', ['--kubeconfig', api.kubeconfig, 'drain', node, '--ignore-daemonsets', '--timeout=2s']).catch((error: { stderr: string; code: number }) => error);
    expect('code' in refused && refused.code).toBe(1);
    expect((refused as { stderr: string }).stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect((await client.resource<Node>('v1', 'nodes').get(node)).spec?.unschedulable).toBe(true);
    const onNode = async () => (await pods.list({ namespace: 'default', fieldSelector: `spec.nodeName=${node}` })).items;
    expect((await onNode()).length).toBeGreaterThan(0);

    // Two more replicas land on the other node: the budget now allows disruptions and the drain goes through.
    await kubectl('scale', 'deployment/web', '--replicas=4');
    expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    const drained = await kubectl('drain', node, '--ignore-daemonsets', '--timeout=60s');
    expect(drained).toContain(`node/${node} drained`);
    expect(await onNode()).toEqual([]);
    await eventually(async () => (await budgets.get('web', { namespace: 'default' })).status?.currentHealthy === 4, 'replacements healthy');
  });
});
