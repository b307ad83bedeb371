import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Container, Pod, Secret } from '../../api/index.js';
import { Client } from '../../client/index.js';
import { startRealApiServer, type RealApiServer } from '../../client/testing/real-api-server.js';
import { CreateContainerError } from '../container-runtime.js';
import { containerConfig, defaultPullPolicy } from './container-config.js';
import { resolveEnv } from './env.js';
import { expand, mappingFor } from './expand.js';
import { PodObjects } from './pod-objects.js';

let api: RealApiServer;
let client: Client;

beforeAll(async () => {
  api = await startRealApiServer();
  client = new Client(api.inProcess(), { fieldManager: 'env-test' });
  await client.resource<ConfigMap>('v1', 'configmaps').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { MODE: 'fast', level: '3' } });
  await client.resource<ConfigMap>('v1', 'configmaps').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd', namespace: 'default' }, data: { '1st': 'x', ok: 'y' } });
  await client.resource<Secret>('v1', 'secrets').create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, data: { password: Buffer.from('s3cret').toString('base64') } });
});

afterAll(async () => {
  client.close();
  await api.stop();
});

function pod(container: Partial<Container>): Pod {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', labels: { app: 'web' }, annotations: { note: 'hi' } },
    spec: { nodeName: 'node-a', serviceAccountName: 'default', containers: [{ name: 'app', image: 'nginx', ...container }] },
  };
}

async function env(container: Partial<Container>): Promise<{ name: string; value: string }[]> {
  const p = pod(container);
  return resolveEnv({ pod: p, container: p.spec!.containers[0], objects: new PodObjects(client, 'default'), addresses: { podIP: '10.244.0.5', hostIP: '172.18.0.2' }, allocatable: { cpu: '4', memory: '16Gi' } });
}

async function configError(container: Partial<Container>): Promise<string> {
  const error = await env(container).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CreateContainerError);
  expect((error as CreateContainerError).reason).toBe('CreateContainerConfigError');
  return (error as Error).message;
}

describe('expand', () => {
  const mapping = mappingFor(new Map([['A', 'x'], ['B', 'y']]));
  it('follows upstream expansion rules', () => {
    expect(expand('$(A)-$(B)', mapping)).toBe('x-y');
    expect(expand('$$(A)', mapping)).toBe('$(A)');
    expect(expand('$(UNKNOWN)', mapping)).toBe('$(UNKNOWN)');
    expect(expand('$(A', mapping)).toBe('$(A');
    expect(expand('a$b$', mapping)).toBe('a$b$');
    expect(expand('$$$$', mapping)).toBe('$$');
  });
});

describe('resolveEnv', () => {
  it('resolves values, valueFrom and envFrom with upstream expansion', async () => {
    const warnings: string[] = [];
    const p = pod({
      envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }, { secretRef: { name: 'missing', optional: true } }, { configMapRef: { name: 'odd' } }],
      env: [
        { name: 'GREETING', value: 'hello $(CFG_MODE) $(NOPE) $$(CFG_MODE)' },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'NOTE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'GONE', valueFrom: { configMapKeyRef: { name: 'nothing', key: 'k', optional: true } } },
        { name: 'GONE_KEY', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope', optional: true } } },
        { name: 'EMPTY' },
        { name: 'CFG_MODE', value: 'slow' },
      ],
      resources: { limits: { memory: '64Mi' } },
    });
    const result = await resolveEnv({
      pod: p,
      container: p.spec!.containers[0],
      objects: new PodObjects(client, 'default'),
      addresses: { podIP: '10.244.0.5', hostIP: '172.18.0.2' },
      allocatable: { cpu: '4', memory: '16Gi' },
      warn: (reason, message) => warnings.push(`${reason}: ${message}`),
    });
    expect(result).toEqual([
      { name: 'CFG_MODE', value: 'slow' },
      { name: 'CFG_level', value: '3' },
      { name: 'ok', value: 'y' },
      { name: 'GREETING', value: 'hello fast $(NOPE) $(CFG_MODE)' },
      { name: 'POD', value: 'web' },
      { name: 'NS', value: 'default' },
      { name: 'UID', value: 'uid-1' },
      { name: 'APP', value: 'web' },
      { name: 'NOTE', value: 'hi' },
      { name: 'NODE', value: 'node-a' },
      { name: 'SA', value: 'default' },
      { name: 'POD_IP', value: '10.244.0.5' },
      { name: 'HOST_IP', value: '172.18.0.2' },
      { name: 'CPU', value: '4000' },
      { name: 'MEM', value: '64' },
      { name: 'LEVEL', value: '3' },
      { name: 'PASSWORD', value: 's3cret' },
      { name: 'EMPTY', value: '' },
    ]);
    expect(warnings).toEqual([
      'InvalidEnvironmentVariableNames: Keys [1st] from the EnvFrom configMap default/odd were skipped since they are considered invalid environment variable names.',
    ]);
  });

  it('reports missing objects and keys as CreateContainerConfigError with upstream messages', async () => {
    expect(await configError({ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] })).toBe('configmap "x" not found');
    expect(await configError({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'y', key: 'k' } } }] })).toBe('secret "y" not found');
    expect(await configError({ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'k' } } }] })).toBe("couldn't find key k in ConfigMap default/settings");
    expect(await configError({ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] })).toBe("couldn't find key k in Secret default/creds");
    expect(await configError({ envFrom: [{ configMapRef: { name: 'absent' } }] })).toBe('configmap "absent" not found');
    expect(await configError({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } }] })).toBe('unsupported fieldPath: spec.restartPolicy');
    expect(await configError({ env: [{ name: 'X', valueFrom: { resourceFieldRef: { containerName: 'other', resource: 'limits.cpu' } } }] })).toBe('container other not found');
  });
});

describe('containerConfig', () => {
  it('expands command and args, merges the security context and converts resources', () => {
    const p = pod({
      image: 'registry.local:5000/app',
      command: ['sh', '-c', 'echo $(GREETING) $(MISSING)'],
      args: ['--mode=$(MODE)'],
      workingDir: '/srv',
      ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP', hostPort: 5353 }],
      resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '0.1', memory: '100M' } },
      securityContext: { runAsUser: 1000, readOnlyRootFilesystem: true },
    });
    p.spec!.securityContext = { runAsUser: 0, runAsGroup: 2000 };
    const config = containerConfig({ pod: p, spec: p.spec!.containers[0], init: false, attempt: 2, env: [{ name: 'GREETING', value: 'hi' }, { name: 'MODE', value: 'fast' }] });
    expect(config).toEqual({
      name: 'app',
      image: 'registry.local:5000/app',
      command: ['sh', '-c', 'echo hi $(MISSING)'],
      args: ['--mode=fast'],
      annotations: { note: 'hi' },
      attempt: 2,
      init: false,
      env: [{ name: 'GREETING', value: 'hi' }, { name: 'MODE', value: 'fast' }],
      workingDir: '/srv',
      ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP', hostPort: 5353 }],
      mounts: [],
      resources: { cpuLimitMillis: 500, memoryLimitBytes: 1073741824, cpuRequestMillis: 100, memoryRequestBytes: 100000000 },
      securityContext: { runAsUser: 1000, runAsGroup: 2000, readOnlyRootFilesystem: true },
      imagePullPolicy: 'Always',
      pod: { uid: 'uid-1', namespace: 'default', name: 'web' },
    });
  });

  it('defaults imagePullPolicy as upstream', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultPullPolicy('localhost:5000/nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx@sha256:abcd')).toBe('IfNotPresent');
  });
});
