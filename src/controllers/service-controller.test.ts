// Endpoints and EndpointSlices against the real in-process API server, the test writing pod
// status as a kubelet would; the Service itself made by `kubectl expose` (ClusterIP allocated by
// the API server on create).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointSlice, Endpoints, Pod, Service } from '../api/index.js';
import { Client, isNotFound } from '../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../client/testing/real-api-server.js';
import { runControllers, type RunningControllers } from './index.js';
import { serviceController } from './service-controller.js';

let cluster: RealApiServer;
let client: Client;
let controllers: RunningControllers;

beforeAll(async () => {
  cluster = await startRealApiServer();
  client = new Client(cluster.inProcess());
  controllers = runControllers({ client, factories: { service: serviceController } });
  await controllers.ready;
});

afterAll(async () => {
  await controllers?.stop();
  await cluster?.stop();
});

const pods = () => client.resource<Pod>('v1', 'pods');
const services = () => client.resource<Service>('v1', 'services');
const endpoints = () => client.resource<Endpoints>('v1', 'endpoints');
const slices = () => client.resource<EndpointSlice>('discovery.k8s.io/v1', 'endpointslices');
const kubectl = (...args: string[]) => promisify(execFile)('kubectl', ['--kubeconfig', cluster.kubeconfig, ...args]);

async function runPod(name: string, labels: Record<string, string>, state: { ip?: string; ready?: boolean; node?: string }): Promise<Pod> {
  const pod = await pods().create({
    metadata: { name, namespace: 'default', labels },
    spec: { ...(state.node ? { nodeName: state.node } : {}), containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
  });
  return setPodState(pod, state);
}

/** The test's kubelet: Running with an IP, Ready or not; Pending without an IP. */
async function setPodState(pod: Pod, state: { ip?: string; ready?: boolean }): Promise<Pod> {
  const live = await pods().get(pod.metadata!.name!, { namespace: 'default' });
  const status = state.ip === undefined ? { phase: 'Pending' } : { phase: 'Running', podIP: state.ip, podIPs: [{ ip: state.ip }], conditions: [{ type: 'Ready', status: state.ready ? 'True' : 'False' }] };
  return pods().updateStatus({ ...live, status: { ...live.status, ...status } });
}

async function endpointsOf(name: string, check: (e: Endpoints) => boolean, what: string): Promise<Endpoints> {
  let found: Endpoints | undefined;
  await eventually(async () => {
    try {
      found = await endpoints().get(name, { namespace: 'default' });
      return check(found);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }, what);
  return found!;
}

async function slicesOf(service: string): Promise<EndpointSlice[]> {
  return (await slices().list({ namespace: 'default', labelSelector: `kubernetes.io/service-name=${service}` })).items;
}

const ref = (pod: Pod) => ({ kind: 'Pod', namespace: 'default', name: pod.metadata!.name, uid: pod.metadata!.uid });

describe('service controller (Endpoints, EndpointSlices)', () => {
  it('lists ready pods in addresses and the others in notReadyAddresses, resolving a named targetPort', async () => {
    const web1 = await runPod('web-1', { app: 'web' }, { ip: '10.244.0.5', ready: true, node: 'node-a' });
    const web2 = await runPod('web-2', { app: 'web' }, { ip: '10.244.0.6', ready: false });
    await runPod('web-3', { app: 'web' }, {});
    await runPod('db-1', { app: 'db' }, { ip: '10.244.0.9', ready: true });

    const exposed = await kubectl('expose', 'pod', 'web-1', '--name=web', '--port=80', '--target-port=http');
    expect(exposed.stdout.trim()).toBe('service/web exposed');
    const service = await services().get('web', { namespace: 'default' });
    expect(service.spec?.selector).toEqual({ app: 'web' });
    expect(service.spec?.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(service.spec?.clusterIPs).toEqual([service.spec?.clusterIP]);

    const first = await endpointsOf('web', (e) => (e.subsets ?? []).length > 0, 'endpoints of web');
    expect(first.metadata?.labels).toEqual({ app: 'web' });
    expect(first.subsets).toEqual([
      {
        addresses: [{ ip: '10.244.0.5', nodeName: 'node-a', targetRef: ref(web1) }],
        notReadyAddresses: [{ ip: '10.244.0.6', targetRef: ref(web2) }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);

    await eventually(async () => (await slicesOf('web')).some((s) => s.endpoints?.length === 2), 'slice with two endpoints');
    const [slice, ...more] = await slicesOf('web');
    expect(more).toEqual([]);
    expect(slice!.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice!.metadata?.labels).toEqual({ app: 'web', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice!.metadata?.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: service.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    expect(slice!.addressType).toBe('IPv4');
    expect(slice!.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    expect(slice!.endpoints).toEqual([
      { addresses: ['10.244.0.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-a', targetRef: ref(web1) },
      { addresses: ['10.244.0.6'], conditions: { ready: false, serving: false, terminating: false }, targetRef: ref(web2) },
    ]);

    await setPodState(web2, { ip: '10.244.0.6', ready: true });
    const both = await endpointsOf('web', (e) => e.subsets?.[0]?.addresses?.length === 2, 'web-2 ready');
    expect(both.subsets?.[0]?.notReadyAddresses).toBeUndefined();

    await pods().delete('web-1', { namespace: 'default', gracePeriodSeconds: 0 });
    await endpointsOf('web', (e) => e.subsets?.[0]?.addresses?.length === 1, 'web-1 gone');
    // A pod relabelled out of the selector leaves the endpoints too.
    const live2 = await pods().get('web-2', { namespace: 'default' });
    await pods().update({ ...live2, metadata: { ...live2.metadata, labels: { app: 'other' } } });
    const empty = await endpointsOf('web', (e) => e.subsets === undefined, 'no backends');
    expect(empty.metadata?.name).toBe('web');
    await eventually(async () => {
      const current = await slicesOf('web');
      return current.length === 1 && (current[0]!.endpoints ?? []).length === 0;
    }, 'placeholder slice');

    await services().delete('web', { namespace: 'default' });
    await eventually(async () => (await endpoints().list({ namespace: 'default' })).items.every((e) => e.metadata?.name !== 'web'), 'endpoints deleted');
    await eventually(async () => (await slicesOf('web')).length === 0, 'slices deleted');
  });

  it('groups pods serving different ports into separate subsets and slices', async () => {
    await runPod('api-1', { app: 'api' }, { ip: '10.244.1.1', ready: true });
    await pods().create({ metadata: { name: 'api-2', namespace: 'default', labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'x', ports: [{ name: 'http', containerPort: 9090 }] }] } });
    await setPodState({ metadata: { name: 'api-2' } }, { ip: '10.244.1.2', ready: true });
    await services().create({ metadata: { name: 'api', namespace: 'default' }, spec: { selector: { app: 'api' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] } });
    const found = await endpointsOf('api', (e) => (e.subsets ?? []).length === 2, 'two subsets');
    expect(found.subsets?.map((s) => [s.addresses?.map((a) => a.ip), s.ports])).toEqual([
      [['10.244.1.1'], [{ name: 'web', port: 8080, protocol: 'TCP' }]],
      [['10.244.1.2'], [{ name: 'web', port: 9090, protocol: 'TCP' }]],
    ]);
    await eventually(async () => (await slicesOf('api')).length === 2, 'two slices');
    const ports = (await slicesOf('api')).map((s) => s.ports?.[0]?.port).sort();
    expect(ports).toEqual([8080, 9090]);
  });

  it('allocates node ports, keeps headless services headless and refuses a taken cluster IP', async () => {
    const nodePort = await services().create({ metadata: { name: 'np', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'np' }, ports: [{ port: 80 }] } });
    expect(nodePort.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort.spec?.ports?.[0]?.nodePort).toBeLessThanOrEqual(32767);
    const headless = await services().create({ metadata: { name: 'hl', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'hl' }, ports: [{ port: 80 }] } });
    expect(headless.spec?.clusterIP).toBe('None');
    const hlEndpoints = await endpointsOf('hl', () => true, 'headless endpoints');
    expect(hlEndpoints.metadata?.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    await expect(services().create({ metadata: { name: 'clash', namespace: 'default' }, spec: { clusterIP: nodePort.spec!.clusterIP!, ports: [{ port: 80 }] } })).rejects.toMatchObject({
      code: 422,
      message: expect.stringContaining('provided IP is already allocated'),
    });
    const kubernetes = await services().get('kubernetes', { namespace: 'default' });
    expect(kubernetes.spec?.clusterIP).toBe('10.96.0.1');
  });
});
