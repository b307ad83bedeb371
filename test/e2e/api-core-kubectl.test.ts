// kubectl's typed commands send protobuf bodies: every `kubectl create <kind>` generator and the other
// typed calls (auth can-i, drain's eviction) must work against the in-process API server.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/apiserver/testing/test-server.js';

const run = promisify(execFile);
let t: TestServer;
let dir: string;
let kubeconfig: string;

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 30_000 });
  return stdout.trim();
}

beforeAll(async () => {
  t = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'engenho-kubectl-core-'));
  kubeconfig = join(dir, 'kubeconfig');
  t.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl typed commands (protobuf bodies)', () => {
  it('creates every kind kubectl create generates', async () => {
    const outputs = [
      await kubectl('create', 'configmap', 'cm1', '--from-literal=a=b'),
      await kubectl('create', 'secret', 'generic', 's1', '--from-literal=pw=hunter2'),
      await kubectl('create', 'namespace', 'team'),
      await kubectl('create', 'serviceaccount', 'bot'),
      await kubectl('create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80'),
      await kubectl('create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi'),
      await kubectl('create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *'),
      await kubectl('create', 'service', 'clusterip', 'svc1', '--tcp=80:8080'),
      await kubectl('create', 'role', 'r1', '--verb=get', '--resource=pods'),
      await kubectl('create', 'rolebinding', 'rb1', '--role=r1', '--serviceaccount=default:bot'),
      await kubectl('create', 'clusterrole', 'cr1', '--verb=list', '--resource=nodes'),
      await kubectl('create', 'clusterrolebinding', 'crb1', '--clusterrole=cr1', '--user=alice'),
      await kubectl('create', 'priorityclass', 'pc1', '--value=1000'),
      await kubectl('create', 'quota', 'q1', '--hard=pods=10'),
      await kubectl('create', 'poddisruptionbudget', 'pdb1', '--selector=app=web', '--min-available=1'),
    ];
    expect(outputs.every((line) => line.endsWith(' created'))).toBe(true);
    expect(await kubectl('get', 'cm', 'cm1', '-o', 'jsonpath={.data.a}')).toBe('b');
    expect(Buffer.from(await kubectl('get', 'secret', 's1', '-o', 'jsonpath={.data.pw}'), 'base64').toString()).toBe('hunter2');
    const deployment = JSON.parse(await kubectl('get', 'deploy', 'web', '-o', 'json'));
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] });
    expect(await kubectl('get', 'svc', 'svc1', '-o', 'jsonpath={.spec.ports[0].targetPort}')).toBe('8080');
    expect(await kubectl('get', 'cronjob', 'cj1', '-o', 'jsonpath={.spec.schedule}')).toBe('*/5 * * * *');
  });

  it('answers auth can-i and whoami', async () => {
    expect(await kubectl('auth', 'can-i', 'delete', 'pods')).toBe('yes');
    expect(await kubectl('auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}')).toBe('kubernetes-admin');
  });

  it('drains a node through evictions', async () => {
    writeFileSync(join(dir, 'node.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p1}\nspec: {nodeName: n1, containers: [{name: c, image: busybox}]}\n');
    await kubectl('apply', '-f', join(dir, 'node.yaml'));
    const out = await kubectl('drain', 'n1', '--force', '--grace-period=0', '--timeout=20s');
    expect(out).toContain('node/n1 drained');
    expect(await kubectl('get', 'pods', '-o', 'name')).toBe('');
  });
});
