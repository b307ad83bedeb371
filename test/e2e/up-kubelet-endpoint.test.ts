// `engenho up` (built dist/, own process) with its kubelet endpoint: the nodes advertise it,
// kubectl logs and exec reach the simulated pods through it, it wants a cluster-CA client
// certificate, and a busy --kubelet-port stops `up` with a message naming the flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngenhoProcess, httpsGet, readAdminCredentials, startEngenhoUp } from '../helpers/engenho-up.js';

let engenho: EngenhoProcess;

beforeAll(async () => {
  engenho = await startEngenhoUp({ args: ['--nodes', '2'] });
});
afterAll(async () => {
  await engenho?.stop('SIGKILL');
  engenho?.removeDataDir();
});

const ok = async (args: string[]) => {
  const result = await engenho.kubectl(args, { timeoutMs: 90_000 });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

describe('engenho up: the kubelet endpoint', () => {
  it('is advertised by every node and serves logs and exec refusals through the API server', async () => {
    const ports = await ok(['get', 'nodes', '-o', 'jsonpath={.items[*].status.daemonEndpoints.kubeletEndpoint.Port}']);
    const [first, second] = ports.split(' ').map(Number);
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(first);

    const credentials = readAdminCredentials(engenho.kubeconfig);
    expect(await httpsGet(`https://127.0.0.1:${first}/healthz`, credentials)).toMatchObject({ status: 200, body: 'ok\n' });
    expect(await httpsGet(`https://127.0.0.1:${first}/healthz`, { ca: credentials.ca })).toMatchObject({ status: 401, body: 'Unauthorized\n' });

    await ok(['run', 'web', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo hi']);
    await ok(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
    expect(await ok(['logs', 'web'])).toBe('sim: container web started (image docker.io/library/busybox:latest)\nsim: running sh -c echo hi\n');
    const node = await ok(['get', 'pod', 'web', '-o', 'jsonpath={.spec.nodeName}']);
    expect(await engenho.kubectl(['exec', 'web', '--', 'true'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (BadRequest): exec is not supported by the container runtime of node ${node} (sim://1.0.0): its containers run no processes\n`,
    });

    await expect(startEngenhoUp({ args: ['--kubelet-port', String(first)], readyTimeoutMs: 30_000 })).rejects.toThrow(
      `port ${first} on 127.0.0.1 (the kubelet endpoint) is already in use; choose another with --kubelet-port (or ENGENHO_KUBELET_SERVER_PORT, kubelet.serverPort; 0 = random)`,
    );
  });
});
