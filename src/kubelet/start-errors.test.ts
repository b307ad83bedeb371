import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, Service } from '../api/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { CreateContainerError, ImagePullError } from './container-runtime.js';
import { FakeRuntime } from './testing/fake-runtime.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

let h: KubeletHarness;
let runtime: FakeRuntime;
let rootDir: string;

beforeAll(async () => {
  rootDir = mkdtempSync(join(tmpdir(), 'kubelet-start-errors-'));
  h = await startKubeletHarness({
    runtime: (clock) => (runtime = new FakeRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 1000, logIntervalMs: 0 })),
    kubelet: { rootDir },
  });
});
afterAll(async () => {
  await h?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

const KUBERNETES_LINKS = [
  { name: 'KUBERNETES_SERVICE_HOST', value: '10.96.0.1' },
  { name: 'KUBERNETES_SERVICE_PORT', value: '443' },
  { name: 'KUBERNETES_SERVICE_PORT_HTTPS', value: '443' },
  { name: 'KUBERNETES_PORT', value: 'tcp://10.96.0.1:443' },
  { name: 'KUBERNETES_PORT_443_TCP', value: 'tcp://10.96.0.1:443' },
  { name: 'KUBERNETES_PORT_443_TCP_PROTO', value: 'tcp' },
  { name: 'KUBERNETES_PORT_443_TCP_PORT', value: '443' },
  { name: 'KUBERNETES_PORT_443_TCP_ADDR', value: '10.96.0.1' },
];
const waitingOf = (p: Pod) => p.status?.containerStatuses?.[0]?.state?.waiting;
const startsOf = (name: string) => runtime.starts.filter((c) => c.pod?.name === name).length;

describe('image pull errors', () => {
  it('go ErrImagePull, then ImagePullBackOff with a doubling back-off, as upstream', async () => {
    runtime.failStart.set('puller', new ImagePullError('ErrImagePull', 'pull access denied for nope, repository does not exist'));
    const seen: string[] = [];
    const watch = await h.pods.watch({ namespace: 'default', fieldSelector: 'metadata.name=img' });
    void (async () => {
      for await (const event of watch) {
        const waiting = event.object.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        if (waiting && seen.at(-1) !== waiting) seen.push(waiting);
      }
    })();
    await h.pods.create(podManifest('img', { containers: [{ name: 'puller', image: 'nope:1' }] }));
    const backingOff = await h.waitForPod('img', (p) => waitingOf(p)?.reason === 'ImagePullBackOff', 'ImagePullBackOff');
    expect(waitingOf(backingOff)).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:1"' });
    expect(backingOff.status?.phase).toBe('Pending');
    await eventually(() => seen.length >= 2, 'two waiting reasons seen');
    expect(seen.slice(0, 2)).toEqual(['ErrImagePull', 'ImagePullBackOff']);
    expect(startsOf('img')).toBe(1);
    await eventually(async () => (await h.eventsOf('img')).length === 4, 'four events');
    expect(await h.eventsOf('img')).toEqual([
      'Normal BackOff: Back-off pulling image "nope:1"',
      'Warning Failed: Error: ErrImagePull',
      'Warning Failed: Error: ImagePullBackOff',
      'Warning Failed: Failed to pull image "nope:1": pull access denied for nope, repository does not exist',
    ]);

    await h.advance(9_000);
    expect(startsOf('img')).toBe(1);
    await h.advance(1_000);
    await eventually(() => startsOf('img') === 2, 'second pull after 10 s');
    await h.advance(19_000);
    expect(startsOf('img')).toBe(2);
    await h.advance(1_000);
    await eventually(() => startsOf('img') === 3, 'third pull 20 s later');

    runtime.failStart.delete('puller');
    await h.advance(40_000);
    await h.advance(1_000);
    const running = await h.waitForPod('img', (p) => p.status?.phase === 'Running', 'Running once the image is there');
    expect(running.status?.containerStatuses?.[0]).toMatchObject({ ready: true, restartCount: 0, state: { running: {} } });
    watch.close();
  });

  it('ErrImageNeverPull and CreateContainerError wait with the runtime message', async () => {
    runtime.failStart.set('never', new ImagePullError('ErrImageNeverPull', 'Container image "local:1" is not present with pull policy of Never'));
    runtime.failStart.set('broken', new CreateContainerError('CreateContainerError', 'executable file not found in $PATH'));
    await h.pods.create(podManifest('never', { containers: [{ name: 'never', image: 'local:1', imagePullPolicy: 'Never' }] }));
    await h.pods.create(podManifest('broken', { containers: [{ name: 'broken', image: 'busybox:1' }] }));
    // ErrImageNeverPull backs off like any pull, so its second sync reports ImagePullBackOff.
    await h.waitForPod('never', (p) => waitingOf(p)?.reason === 'ImagePullBackOff', 'back-off');
    const broken = await h.waitForPod('broken', (p) => waitingOf(p)?.reason === 'CreateContainerError', 'CreateContainerError');
    expect(waitingOf(broken)).toEqual({ reason: 'CreateContainerError', message: 'executable file not found in $PATH' });
    await eventually(async () => (await h.eventsOf('never')).length === 4, 'never events');
    expect(await h.eventsOf('never')).toEqual([
      'Normal BackOff: Back-off pulling image "local:1"',
      'Warning ErrImageNeverPull: Container image "local:1" is not present with pull policy of Never',
      'Warning Failed: Error: ErrImageNeverPull',
      'Warning Failed: Error: ImagePullBackOff',
    ]);
    expect(await h.eventsOf('broken')).toEqual(['Warning Failed: Error: executable file not found in $PATH']);
    runtime.failStart.delete('broken');
    await h.advance(10_000);
    await h.advance(1_000);
    await h.waitForPod('broken', (p) => p.status?.phase === 'Running', 'Running after the retry');
  });
});

describe('container config errors', () => {
  it('wait as CreateContainerConfigError until the ConfigMap exists', async () => {
    await h.pods.create(
      podManifest('cfg', { containers: [{ name: 'app', image: 'busybox:1', env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }] }] }),
    );
    const waiting = await h.waitForPod('cfg', (p) => waitingOf(p)?.reason === 'CreateContainerConfigError', 'config error');
    expect(waitingOf(waiting)).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "settings" not found' });
    expect(waiting.status?.containerStatuses?.[0]).toMatchObject({ ready: false, restartCount: 0, started: false });
    expect(await h.eventsOf('cfg')).toEqual(['Warning Failed: Error: configmap "settings" not found']);
    await h.client.resource<ConfigMap>('v1', 'configmaps').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'fast' } });
    await h.advance(10_000);
    await h.advance(1_000);
    await h.waitForPod('cfg', (p) => p.status?.phase === 'Running', 'Running');
    // After the declared variables, the kubernetes Service's link variables (as upstream's kubelet adds them).
    expect(runtime.starts.filter((c) => c.pod?.name === 'cfg').map((c) => c.env)).toEqual([[{ name: 'MODE', value: 'fast' }, ...KUBERNETES_LINKS]]);
  });

  it('adds service link variables: the namespace\'s Services with enableServiceLinks, always the kubernetes Service', async () => {
    const services = h.client.resource<Service>('v1', 'services');
    await services.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis-main', namespace: 'default' }, spec: { clusterIP: '10.96.7.7', ports: [{ name: 'redis', port: 6379, targetPort: 6379 }, { port: 9121, name: 'metrics', protocol: 'TCP', targetPort: 9121 }] } });
    await services.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'headless', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ port: 80, targetPort: 80 }] } });
    await h.pods.create(podManifest('links', { containers: [{ name: 'app', image: 'busybox:1', env: [{ name: 'REDIS', value: 'redis://$(REDIS_MAIN_SERVICE_HOST):$(REDIS_MAIN_SERVICE_PORT)' }, { name: 'REDIS_MAIN_PORT', value: 'mine' }] }] }));
    await h.pods.create(podManifest('nolinks', { enableServiceLinks: false, containers: [{ name: 'app', image: 'busybox:1' }] }));
    await eventually(() => runtime.starts.some((c) => c.pod?.name === 'links') && runtime.starts.some((c) => c.pod?.name === 'nolinks'), 'both started');
    expect(runtime.starts.find((c) => c.pod?.name === 'links')?.env).toEqual([
      { name: 'REDIS', value: 'redis://10.96.7.7:6379' },
      { name: 'REDIS_MAIN_PORT', value: 'mine' },
      ...KUBERNETES_LINKS,
      { name: 'REDIS_MAIN_SERVICE_HOST', value: '10.96.7.7' },
      { name: 'REDIS_MAIN_SERVICE_PORT', value: '6379' },
      { name: 'REDIS_MAIN_SERVICE_PORT_REDIS', value: '6379' },
      { name: 'REDIS_MAIN_SERVICE_PORT_METRICS', value: '9121' },
      { name: 'REDIS_MAIN_PORT_6379_TCP', value: 'tcp://10.96.7.7:6379' },
      { name: 'REDIS_MAIN_PORT_6379_TCP_PROTO', value: 'tcp' },
      { name: 'REDIS_MAIN_PORT_6379_TCP_PORT', value: '6379' },
      { name: 'REDIS_MAIN_PORT_6379_TCP_ADDR', value: '10.96.7.7' },
      { name: 'REDIS_MAIN_PORT_9121_TCP', value: 'tcp://10.96.7.7:9121' },
      { name: 'REDIS_MAIN_PORT_9121_TCP_PROTO', value: 'tcp' },
      { name: 'REDIS_MAIN_PORT_9121_TCP_PORT', value: '9121' },
      { name: 'REDIS_MAIN_PORT_9121_TCP_ADDR', value: '10.96.7.7' },
    ]);
    expect(runtime.starts.find((c) => c.pod?.name === 'nolinks')?.env).toEqual(KUBERNETES_LINKS);
  });

  it('records runtime warnings of a started container as Warning Events', async () => {
    runtime.warnings.set('limited', ['memory limit 64Mi cannot be enforced: cgroup v2 memory controller not delegated']);
    await h.pods.create(podManifest('warned', { containers: [{ name: 'limited', image: 'busybox:1' }] }));
    await h.advance(1_000);
    await h.waitForPod('warned', (p) => p.status?.phase === 'Running', 'Running');
    await eventually(async () => (await h.eventsOf('warned')).some((e) => e.startsWith('Warning')), 'warning event');
    expect((await h.eventsOf('warned')).filter((e) => e.startsWith('Warning'))).toEqual([
      'Warning RuntimeWarning: memory limit 64Mi cannot be enforced: cgroup v2 memory controller not delegated',
    ]);
  });
});

describe('the sandbox', () => {
  it('gets the pod identity, labels, hostname (cut to 63 characters) and every container port', async () => {
    const name = `a-very-long-pod-name-${'x'.repeat(41)}-tail`;
    await h.pods.create({
      ...podManifest(name, {
        initContainers: [{ name: 'init', image: 'busybox:1', ports: [{ containerPort: 9000, protocol: 'UDP' }] }],
        containers: [{ name: 'app', image: 'busybox:1', ports: [{ containerPort: 80, hostPort: 8080 }] }],
      }),
      metadata: { name, namespace: 'default', labels: { app: 'web' }, annotations: { note: 'x' } },
    } as Pod);
    await eventually(() => runtime.sandboxConfigs.some((s) => s.name === name), 'sandbox');
    const uid = (await h.pods.get(name)).metadata!.uid!;
    expect(runtime.sandboxConfigs.find((s) => s.name === name)).toEqual({
      podUid: uid,
      namespace: 'default',
      name,
      annotations: { note: 'x' },
      labels: { app: 'web' },
      hostname: 'a-very-long-pod-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ports: [
        { containerPort: 9000, protocol: 'UDP' },
        { containerPort: 80, protocol: 'TCP', hostPort: 8080 },
      ],
    });
  });
});
