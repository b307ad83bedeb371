// `engenho up` as a user runs it: the built bin/engenho.js in its own process, driven by the real
// kubectl. Needs a fresh dist/ (`npm test` builds it first).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngenhoProcess, httpsGet, readAdminCredentials, startEngenhoUp } from '../helpers/engenho-up.js';

let engenho: EngenhoProcess;
let firstCaPem: string;

beforeAll(async () => {
  engenho = await startEngenhoUp();
  firstCaPem = readFileSync(join(engenho.dataDir, 'tls', 'ca.crt'), 'utf8');
});

afterAll(async () => {
  await engenho?.stop('SIGKILL');
  engenho?.removeDataDir();
});

describe('engenho up', () => {
  it('prints how to point kubectl at the cluster', () => {
    expect(engenho.stdout()).toContain(`engenho is up: https://127.0.0.1:${engenho.port} `);
    expect(engenho.stdout()).toContain(`  export KUBECONFIG=${engenho.kubeconfig}\n`);
    expect(engenho.stdout()).toContain(`  kubectl --kubeconfig ${engenho.kubeconfig} get nodes\n`);
  });

  it('writes a kubeconfig (0600) that kubectl reads, and keys 0600', async () => {
    expect(statSync(engenho.kubeconfig).mode & 0o777).toBe(0o600);
    for (const name of ['ca', 'apiserver', 'admin']) expect(statSync(join(engenho.dataDir, 'tls', `${name}.key`)).mode & 0o777).toBe(0o600);
    const view = await engenho.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server} {.current-context} {.users[0].name}']);
    expect(view).toEqual({ code: 0, stdout: `https://127.0.0.1:${engenho.port} kubernetes-admin@engenho kubernetes-admin`, stderr: '' });
  });

  it('kubectl version shows the server version', async () => {
    const result = await engenho.kubectl(['version', '-o', 'json']);
    expect(result.code).toBe(0);
    const version = JSON.parse(result.stdout);
    expect(version.serverVersion).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
  });

  it('kubectl get --raw /readyz prints ok', async () => {
    expect(await engenho.kubectl(['get', '--raw', '/readyz'])).toEqual({ code: 0, stdout: 'ok', stderr: '' });
  });

  it('kubectl lists the system namespaces', async () => {
    const result = await engenho.kubectl(['get', 'namespaces', '-o', 'name']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(
      expect.arrayContaining(['namespace/default', 'namespace/kube-system', 'namespace/kube-public', 'namespace/kube-node-lease']),
    );
  });

  it('a request without a client certificate gets 401 with a Status', async () => {
    const { ca } = readAdminCredentials(engenho.kubeconfig);
    const response = await httpsGet(`${engenho.url}/api/v1/namespaces`, { ca });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('runs a deployment end to end: controllers, scheduler and a simulated node', async () => {
    const waitFor = async (args: string[], expected: string): Promise<string> => {
      let last = '';
      for (let attempt = 0; attempt < 300; attempt++) {
        last = (await engenho.kubectl(args)).stdout;
        if (last === expected) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return last;
    };
    expect(await waitFor(['get', 'node', 'engenho-node-0', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'], 'True')).toBe('True');
    expect(await engenho.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n' });
    expect(await waitFor(['get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}'], '2')).toBe('2');
    const pods = await engenho.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{"\\n"}{end}']);
    expect(pods.stdout).toBe('engenho-node-0 Running\nengenho-node-0 Running\n');
  });

  it('exits 0 on SIGTERM, and a second start reuses the CA', async () => {
    expect(await engenho.stop('SIGTERM')).toBe(0);
    expect(engenho.stderr()).toContain('"msg":"shutting down"');
    for (const component of ['kubelets', 'scheduler', 'controllers', 'API server', 'store']) {
      expect(engenho.stderr()).toContain(`"msg":"${component} closed"`);
    }

    engenho = await startEngenhoUp({ dataDir: engenho.dataDir });
    expect(readFileSync(join(engenho.dataDir, 'tls', 'ca.crt'), 'utf8')).toBe(firstCaPem);
    expect(readAdminCredentials(engenho.kubeconfig).ca).toBe(firstCaPem);
    expect(engenho.stderr()).toContain('"created":{"ca":false,"serving":false,"admin":false}');
    expect(await engenho.kubectl(['get', '--raw', '/readyz'])).toEqual({ code: 0, stdout: 'ok', stderr: '' });
    expect(await engenho.stop('SIGINT')).toBe(0);
  });

  it('refuses a port already in use, naming it (exit 1)', async () => {
    const running = await startEngenhoUp();
    try {
      const second = await startEngenhoUp({ args: ['--port', String(running.port)] }).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(second).toContain('exited with code 1 before it was ready');
      expect(second).toContain(`engenho: port ${running.port} on 127.0.0.1 is already in use; stop the process using it or choose another port with --port`);
    } finally {
      expect(await running.stop()).toBe(0);
      running.removeDataDir();
    }
  });
});
