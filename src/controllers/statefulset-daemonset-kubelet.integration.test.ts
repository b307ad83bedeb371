// StatefulSets and DaemonSets on simulated nodes: controllers, scheduler and kubelets in-process,
// driven by kubectl, whose `rollout status` reads the controllers' status fields.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllerRevision, Pod, StatefulSet } from '../api/index.js';
import { Client } from '../client/index.js';
import { eventually, type RealApiServer } from '../client/testing/real-api-server.js';
import { daemonSetController } from './daemonset-controller.js';
import { statefulSetController } from './statefulset-controller.js';
import { startSimCluster, type SimCluster } from './testing/sim-cluster.js';

let cluster: SimCluster;
let api: RealApiServer;
let kubectl: SimCluster['kubectl'];

beforeAll(async () => {
  cluster = await startSimCluster({ factories: { statefulset: statefulSetController, daemonset: daemonSetController } });
  api = cluster.api;
  kubectl = cluster.kubectl;
});
afterAll(async () => {
  await cluster?.stop();
});

const manifest = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: default }
spec:
  serviceName: db
  replicas: 3
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres:16 }] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: default }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { containers: [{ name: agent, image: agent:1 }] }
`;

describe('StatefulSet and DaemonSet on simulated nodes', () => {
  it('roll out (kubectl rollout status) with scheduled, running pods', async () => {
    const file = join(tmpdir(), `engenho-sts-ds-${process.pid}.yaml`);
    await writeFile(file, manifest);
    await kubectl('apply', '-f', file);
    expect(await kubectl('rollout', 'status', 'statefulset/db', '--timeout=60s')).toContain('partitioned roll out complete: 3 new pods have been updated');
    expect(await kubectl('rollout', 'status', 'daemonset/agent', '--timeout=60s')).toContain('daemon set "agent" successfully rolled out');
    const pods = (await new Client(api.inProcess()).resource<Pod>('v1', 'pods').list({ namespace: 'default' })).items;
    const summary = pods.map((pod) => [pod.metadata?.name?.startsWith('agent-') ? 'agent' : pod.metadata?.name, pod.status?.phase, pod.spec?.nodeName ?? '']).sort((a, b) => `${a[0]}${a[2]}`.localeCompare(`${b[0]}${b[2]}`));
    const nodes = cluster.kubelets.kubelets.map((kubelet) => kubelet.nodeName).sort();
    expect(summary.filter(([name]) => name === 'agent')).toEqual(nodes.map((node) => ['agent', 'Running', node]));
    expect(summary.filter(([name]) => name !== 'agent').map(([name, phase]) => [name, phase])).toEqual([
      ['db-0', 'Running'],
      ['db-1', 'Running'],
      ['db-2', 'Running'],
    ]);

    await kubectl('set', 'image', 'statefulset/db', 'db=postgres:17');
    // The API server defaults rollingUpdate.partition to 0, so kubectl reports a partitioned roll out, as upstream.
    expect(await kubectl('rollout', 'status', 'statefulset/db', '--timeout=60s')).toContain('partitioned roll out complete: 3 new pods have been updated');
    await eventually(async () => {
      const sts = (await new Client(api.inProcess()).resource<StatefulSet>('apps/v1', 'statefulsets').get('db', { namespace: 'default' })).status;
      return sts?.currentRevision === sts?.updateRevision && sts?.currentReplicas === 3 && sts?.readyReplicas === 3;
    }, 'current revision caught up');
    const images = (await new Client(api.inProcess()).resource<Pod>('v1', 'pods').list({ namespace: 'default', labelSelector: 'app=db' })).items.map((pod) => [pod.metadata?.name, pod.spec?.containers[0]?.image, pod.status?.phase]);
    expect(images).toEqual([
      ['db-0', 'postgres:17', 'Running'],
      ['db-1', 'postgres:17', 'Running'],
      ['db-2', 'postgres:17', 'Running'],
    ]);

    // kubectl reads the ControllerRevisions for history and patches one back for undo.
    expect(await kubectl('rollout', 'history', 'statefulset/db')).toMatch(/REVISION[\s\S]*\n1 [\s\S]*\n2 /);
    await kubectl('rollout', 'undo', 'statefulset/db');
    expect(await kubectl('rollout', 'status', 'statefulset/db', '--timeout=60s')).toContain('partitioned roll out complete: 3 new pods have been updated');
    await eventually(async () => {
      const items = (await new Client(api.inProcess()).resource<Pod>('v1', 'pods').list({ namespace: 'default', labelSelector: 'app=db' })).items;
      return items.length === 3 && items.every((pod) => pod.spec?.containers[0]?.image === 'postgres:16' && pod.status?.phase === 'Running');
    }, 'rolled back to postgres:16');
    const revisions = (await new Client(api.inProcess()).resource<ControllerRevision>('apps/v1', 'controllerrevisions').list({ namespace: 'default', labelSelector: 'app=db' })).items;
    expect(revisions.map((revision) => revision.revision).sort()).toEqual([2, 3]);
  });
});
