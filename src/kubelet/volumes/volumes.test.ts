import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, Secret } from '../../api/index.js';
import { eventually } from '../../client/testing/real-api-server.js';
import { PodObjects } from '../container-config/pod-objects.js';
import { FakeRuntime } from '../testing/fake-runtime.js';
import { VolumeManager } from './volume-manager.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from '../testing/kubelet-harness.js';

let h: KubeletHarness;
let runtime: FakeRuntime;
let dir: string;
let rootDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubelet-volumes-'));
  rootDir = join(dir, 'kubelet');
  // A pod directory left by an earlier run for a pod that no longer exists.
  mkdirSync(join(rootDir, 'pods', 'gone-uid', 'volumes', 'cache'), { recursive: true });
  h = await startKubeletHarness({
    runtime: (clock) => (runtime = new FakeRuntime({ podCIDR: '10.244.0.0/24', clock, startDelayMs: 1000, logIntervalMs: 0 })),
    kubelet: { rootDir },
  });
  const configmaps = h.client.resource<ConfigMap>('v1', 'configmaps');
  await configmaps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'site', namespace: 'default' }, data: { 'index.html': '<h1>hi</h1>', 'app.conf': 'port=80\n' }, binaryData: { 'logo.bin': Buffer.from([0, 1, 2]).toString('base64') } });
  await h.client.resource<Secret>('v1', 'secrets').create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'default' }, data: { 'tls.key': Buffer.from('KEY').toString('base64'), 'tls.crt': Buffer.from('CRT').toString('base64') } });
  await h.client.resource('v1', 'serviceaccounts').create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }).catch(() => undefined);
});
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;
const read = (path: string) => readFileSync(path, 'utf8');

function files(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(root, join(prefix, entry.name)) : [join(prefix, entry.name)],
  ).sort();
}

describe('volumes', () => {
  it('removed the directory of a pod that is not bound to the node any more at start', () => {
    expect(existsSync(join(rootDir, 'pods', 'gone-uid'))).toBe(false);
  });

  it('materialises emptyDir, hostPath, configMap, secret, downwardAPI and projected volumes and mounts them', async () => {
    const hostDir = join(dir, 'host-data');
    const created = await h.pods.create(
      podManifest('vols', {
        serviceAccountName: 'default',
        containers: [
          {
            name: 'app',
            image: 'busybox:1',
            volumeMounts: [
              { name: 'scratch', mountPath: '/scratch' },
              { name: 'scratch', mountPath: '/logs', subPath: 'logs' },
              { name: 'data', mountPath: '/data', readOnly: true },
              { name: 'site', mountPath: '/usr/share/nginx/html' },
              { name: 'tls', mountPath: '/etc/tls' },
              { name: 'info', mountPath: '/etc/podinfo' },
              { name: 'all', mountPath: '/var/run/all' },
            ],
          },
        ],
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'data', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } },
          { name: 'site', configMap: { name: 'site', items: [{ key: 'index.html', path: 'html/index.html' }, { key: 'app.conf', path: 'app.conf', mode: 0o600 }] } },
          { name: 'tls', secret: { secretName: 'tls', defaultMode: 0o400 } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } }] } },
          {
            name: 'all',
            projected: {
              sources: [
                { configMap: { name: 'site', items: [{ key: 'logo.bin', path: 'logo.bin' }] } },
                { secret: { name: 'tls', items: [{ key: 'tls.crt', path: 'certs/tls.crt' }] } },
                { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
                { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
                { configMap: { name: 'absent', optional: true } },
              ],
            },
          },
        ],
      }),
    );
    await eventually(() => runtime.starts.some((c) => c.pod?.name === 'vols'), 'container started');
    const uid = created.metadata!.uid!;
    const volumes = join(rootDir, 'pods', uid, 'volumes');
    const config = runtime.starts.find((c) => c.pod?.name === 'vols')!;
    expect(config.mounts).toEqual([
      { containerPath: '/scratch', hostPath: join(volumes, 'scratch'), readOnly: false },
      { containerPath: '/logs', hostPath: join(volumes, 'scratch', 'logs'), readOnly: false, subPath: 'logs' },
      { containerPath: '/data', hostPath: hostDir, readOnly: true },
      { containerPath: '/usr/share/nginx/html', hostPath: join(volumes, 'site'), readOnly: true },
      { containerPath: '/etc/tls', hostPath: join(volumes, 'tls'), readOnly: true },
      { containerPath: '/etc/podinfo', hostPath: join(volumes, 'info'), readOnly: true },
      { containerPath: '/var/run/all', hostPath: join(volumes, 'all'), readOnly: true },
    ]);
    expect(mode(join(volumes, 'scratch'))).toBe(0o777);
    expect(statSync(join(volumes, 'scratch', 'logs')).isDirectory()).toBe(true);
    expect(statSync(hostDir).isDirectory()).toBe(true);
    expect(files(join(volumes, 'site'))).toEqual(['app.conf', 'html/index.html']);
    expect(read(join(volumes, 'site', 'html/index.html'))).toBe('<h1>hi</h1>');
    expect(mode(join(volumes, 'site', 'html/index.html'))).toBe(0o644);
    expect(read(join(volumes, 'site', 'app.conf'))).toBe('port=80\n');
    expect(mode(join(volumes, 'site', 'app.conf'))).toBe(0o600);
    expect(files(join(volumes, 'tls'))).toEqual(['tls.crt', 'tls.key']);
    expect(read(join(volumes, 'tls', 'tls.key'))).toBe('KEY');
    expect(mode(join(volumes, 'tls', 'tls.key'))).toBe(0o400);
    expect(files(join(volumes, 'info'))).toEqual(['labels', 'mem', 'name']);
    expect(read(join(volumes, 'info', 'name'))).toBe('vols');
    expect(read(join(volumes, 'info', 'mem'))).toBe('16284');
    expect(files(join(volumes, 'all'))).toEqual(['certs/tls.crt', 'logo.bin', 'namespace', 'token']);
    expect([...readFileSync(join(volumes, 'all', 'logo.bin'))]).toEqual([0, 1, 2]);
    expect(read(join(volumes, 'all', 'certs/tls.crt'))).toBe('CRT');
    expect(read(join(volumes, 'all', 'namespace'))).toBe('default');
    const token = read(join(volumes, 'all', 'token'));
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; 'kubernetes.io'?: { pod?: { name: string } } };
    expect(claims.sub).toBe('system:serviceaccount:default:default');
    expect(claims['kubernetes.io']?.pod?.name).toBe('vols');

    await h.advance(1_000);
    await h.waitForPod('vols', (p) => p.status?.phase === 'Running', 'Running');
    await h.pods.delete('vols', { namespace: 'default' });
    await eventually(() => !existsSync(join(rootDir, 'pods', uid)), 'pod directory removed');
    expect(existsSync(hostDir)).toBe(true);
  });

  it('writes labels of the downward API as upstream formats them', async () => {
    const pod = await h.pods.create({
      ...podManifest('labels', {
        containers: [{ name: 'app', image: 'busybox:1', volumeMounts: [{ name: 'info', mountPath: '/info' }] }],
        volumes: [{ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }] } }],
      }),
      metadata: { name: 'labels', namespace: 'default', labels: { tier: 'front', app: 'web' }, annotations: { note: 'say "hi"' } },
    } as Pod);
    await eventually(() => runtime.starts.some((c) => c.pod?.name === 'labels'), 'container started');
    const volume = join(rootDir, 'pods', pod.metadata!.uid!, 'volumes', 'info');
    expect(read(join(volume, 'labels'))).toBe('app="web"\ntier="front"');
    expect(read(join(volume, 'annotations'))).toBe('note="say \\"hi\\""');
  });

  it('reports FailedMount and starts nothing while a volume cannot be set up', async () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    await h.pods.create(
      podManifest('nomount', {
        containers: [{ name: 'app', image: 'busybox:1', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }],
        volumes: [{ name: 'cfg', configMap: { name: 'later' } }],
      }),
    );
    await h.pods.create(
      podManifest('badhost', {
        containers: [{ name: 'app', image: 'busybox:1', volumeMounts: [{ name: 'h', mountPath: '/h' }] }],
        volumes: [{ name: 'h', hostPath: { path: join(dir, 'a-file'), type: 'Directory' } }],
      }),
    );
    await eventually(async () => (await h.eventsOf('nomount')).length > 0 && (await h.eventsOf('badhost')).length > 0, 'FailedMount events');
    expect(await h.eventsOf('nomount')).toEqual(['Warning FailedMount: MountVolume.SetUp failed for volume "cfg" : configmap "later" not found']);
    expect(await h.eventsOf('badhost')).toEqual([`Warning FailedMount: MountVolume.SetUp failed for volume "h" : hostPath type check failed: ${join(dir, 'a-file')} is not a directory`]);
    const pending = await h.waitForPod('nomount', (p) => p.status?.containerStatuses !== undefined, 'status');
    expect(pending.status?.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(runtime.starts.some((c) => c.pod?.name === 'nomount' || c.pod?.name === 'badhost')).toBe(false);

    await h.client.resource<ConfigMap>('v1', 'configmaps').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later', namespace: 'default' }, data: { k: 'v' } });
    await h.advance(10_000);
    await eventually(() => runtime.starts.some((c) => c.pod?.name === 'nomount'), 'started once the ConfigMap exists');
  });

  it('rewrites a volume in place after a kubelet restart (the directory a running container mounts stays)', async () => {
    const pod: Pod = { metadata: { name: 'adopted', namespace: 'default', uid: 'uid-adopted' }, spec: { containers: [{ name: 'app' }], volumes: [{ name: 'site', configMap: { name: 'site', items: [{ key: 'index.html', path: 'index.html' }] } }] } };
    const root = join(dir, 'restart');
    const first = new VolumeManager({ rootDir: root, client: h.client, allocatable: {}, clock: h.clock });
    const before = await first.setUp(pod, new PodObjects(h.client, 'default'), { hostIP: '172.18.0.2' });
    expect(before).toEqual({ volumes: new Map([['site', join(root, 'pods', 'uid-adopted', 'volumes', 'site')]]) });
    const site = join(root, 'pods', 'uid-adopted', 'volumes', 'site');
    writeFileSync(join(site, 'stale.txt'), 'old');
    const inode = statSync(site).ino;
    const second = new VolumeManager({ rootDir: root, client: h.client, allocatable: {}, clock: h.clock });
    await second.setUp(pod, new PodObjects(h.client, 'default'), { hostIP: '172.18.0.2' });
    expect(statSync(site).ino).toBe(inode);
    expect(files(site)).toEqual(['index.html']);
    expect(read(join(site, 'index.html'))).toBe('<h1>hi</h1>');
  });

  it('refreshes written volumes every minute, keeping a token until 80% of its lifetime', async () => {
    const configmaps = h.client.resource<ConfigMap>('v1', 'configmaps');
    await configmaps.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'live', namespace: 'default' }, data: { value: 'v1' } });
    const pod = await h.pods.create(
      podManifest('refresh', {
        containers: [{ name: 'app', image: 'busybox:1', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }, { name: 'tok', mountPath: '/tok' }] }],
        volumes: [
          { name: 'cfg', configMap: { name: 'live' } },
          { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
        ],
      }),
    );
    const volumes = join(rootDir, 'pods', pod.metadata!.uid!, 'volumes');
    await eventually(() => existsSync(join(volumes, 'cfg', 'value')), 'volume written');
    expect(read(join(volumes, 'cfg', 'value'))).toBe('v1');
    const token = read(join(volumes, 'tok', 'token'));
    const live = await configmaps.get('live', { namespace: 'default' });
    await configmaps.update({ ...live, data: { value: 'v2' } });
    await h.advance(59_000);
    expect(read(join(volumes, 'cfg', 'value'))).toBe('v1');
    await h.advance(1_000);
    await eventually(() => read(join(volumes, 'cfg', 'value')) === 'v2', 'refreshed after a minute');
    expect(read(join(volumes, 'tok', 'token'))).toBe(token);
    // Tokens are renewed once 80% of expirationSeconds (2880 s) has passed; the clock moves a few seconds a step.
    await h.advance(2_880_000);
    await h.advance(60_000);
    await eventually(() => read(join(volumes, 'tok', 'token')) !== token, 'token renewed');
  });
});
