// kubectl logs and exec end to end: the real kubectl → API server (pods/log over the HTTPS
// connector; pods/exec through the upgrade proxy) → the kubelet endpoint → the runtime.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/index.js';
import { startStreamCluster, type StreamCluster } from './testing/stream-cluster.js';

let c: StreamCluster;

const pod = (name: string, nodeName: string, containers: string[] = ['app'], annotations?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { nodeName, containers: containers.map((name) => ({ name, image: 'busybox' })) },
});

beforeAll(async () => {
  c = await startStreamCluster();
  await c.runPod(pod('shell', 'exec-node-0'));
  await c.runPod(pod('sim', 'engenho-node-1'));
});
afterAll(async () => {
  await c?.stop();
});

describe('kubectl exec', () => {
  it('runs a command with separate stdout and stderr and passes its exit code on', async () => {
    const result = await c.kubectl(['exec', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 3\n' });
  });

  it('exits 0 with the output of a successful command', async () => {
    expect(await c.kubectl(['exec', 'shell', '-c', 'app', '--', 'echo', 'hello', 'world'])).toEqual({ code: 0, stdout: 'hello world\n', stderr: '' });
  });

  it('pipes stdin with -i until it ends', async () => {
    const result = await c.kubectl(['exec', '-i', 'shell', '--', 'sh', '-c', 'tr a-z A-Z; echo done'], { input: 'first line\nsecond\n' });
    expect(result).toEqual({ code: 0, stdout: 'FIRST LINE\nSECOND\ndone\n', stderr: '' });
  });

  it('carries a megabyte each way intact', async () => {
    const out = await c.kubectl(['exec', 'shell', '--', 'sh', '-c', 'head -c 1000000 /dev/zero | tr "\\0" a']);
    expect([out.code, out.stdout.length, /^a*$/.test(out.stdout), out.stderr]).toEqual([0, 1_000_000, true, '']);
    const counted = await c.kubectl(['exec', '-i', 'shell', '--', 'wc', '-c'], { input: 'b'.repeat(1_000_000) });
    expect([counted.code, counted.stdout.trim(), counted.stderr]).toEqual([0, '1000000', '']);
  });

  it('kubectl cp copies binary files both ways (tar over exec)', async () => {
    // The test runtime's processes run on this host, so the "container" paths are host paths.
    const dir = mkdtempSync(join(tmpdir(), 'engenho-cp-'));
    try {
      const data = randomBytes(300_000);
      writeFileSync(join(dir, 'source.bin'), data);
      expect((await c.kubectl(['cp', `shell:${dir}/source.bin`, join(dir, 'down.bin')])).code).toBe(0);
      expect((await c.kubectl(['cp', join(dir, 'source.bin'), `shell:${dir}/up.bin`])).code).toBe(0);
      expect([readFileSync(join(dir, 'down.bin')).equals(data), readFileSync(join(dir, 'up.bin')).equals(data)]).toEqual([true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a command the runtime cannot start on the error channel", async () => {
    expect(await c.kubectl(['exec', 'shell', '--', 'no-such-command-x'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: error executing command in container: spawn no-such-command-x ENOENT\n',
    });
  });

  it('refuses a pod whose runtime runs no processes (sim) with a 400 Status', async () => {
    const result = await c.kubectl(['exec', 'sim', '--', 'true']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (BadRequest): exec is not supported by the container runtime of node engenho-node-1 (sim://1.0.0): its containers run no processes\n',
    });
  });

  it("refuses a pod whose RuntimeClass's runtime has no exec, on a node whose default runtime has one", async () => {
    await c.runPod({ ...pod('classed', 'exec-node-0'), spec: { nodeName: 'exec-node-0', runtimeClassName: 'sim', containers: [{ name: 'app', image: 'busybox' }] } });
    expect(await c.kubectl(['exec', 'classed', '--', 'true'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (BadRequest): exec is not supported by the container runtime of node exec-node-0 (sim://1.0.0): its containers run no processes\n',
    });
  });

  it('refuses kubectl attach, which is not built, with a 400 Status', async () => {
    expect(await c.kubectl(['attach', 'shell'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "If you don't see a command prompt, try pressing enter.\nError from server (BadRequest): attach is not supported by this kubelet yet (the container runtimes have no attach)\n",
    });
  });

  it('answers as upstream for a missing pod, a wrong container and a pod without a node', async () => {
    expect(await c.kubectl(['exec', 'nope', '--', 'true'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await c.kubectl(['exec', 'shell', '-c', 'other', '--', 'true'])).toMatchObject({ code: 1, stderr: 'Error from server (BadRequest): container other is not valid for pod shell\n' });
    await c.client.resource<Pod>('v1', 'pods').create({ ...pod('unbound', ''), spec: { containers: [{ name: 'app', image: 'busybox' }] } });
    expect(await c.kubectl(['exec', 'unbound', '--', 'true'])).toMatchObject({ code: 1, stderr: 'Error from server (BadRequest): pod unbound does not have a host assigned\n' });
  });
});

describe('kubectl logs through the kubelet endpoint', () => {
  const started = (container: string) => `sim: container ${container} started (image docker.io/library/busybox:latest)`;

  it('shows the log, the last lines with --tail, and one container with -c', async () => {
    await c.runPod({ ...pod('duo', 'engenho-node-0', ['a', 'b']) });
    expect(await c.kubectl(['logs', 'sim'])).toEqual({ code: 0, stdout: `${started('app')}\n`, stderr: '' });
    expect(await c.kubectl(['logs', 'duo', '-c', 'b', '--tail', '1'])).toEqual({ code: 0, stdout: `${started('b')}\n`, stderr: '' });
    // kubectl checks the container itself before it asks.
    expect(await c.kubectl(['logs', 'duo', '-c', 'z'])).toMatchObject({ code: 1, stderr: 'error: container z is not valid for pod duo\n' });
  });

  it('prefixes RFC 3339 timestamps with --timestamps and filters with --since and --since-time', async () => {
    const stamped = await c.kubectl(['logs', 'sim', '--timestamps']);
    expect(stamped.code).toBe(0);
    expect(stamped.stdout).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ${started('app').replace(/[.()]/g, '\\$&')}\\n$`));
    expect(await c.kubectl(['logs', 'sim', '--since', '1h'])).toEqual({ code: 0, stdout: `${started('app')}\n`, stderr: '' });
    expect(await c.kubectl(['logs', 'sim', '--since-time', '2100-01-01T00:00:00Z'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('follows with -f until the container exits, and shows the exited instance with --previous', async () => {
    // Quiet for a few seconds before the exit: longer than the connector's connect timeout (1.5 s).
    const exits = { 'sim.engenho.io/exit-after-seconds': '4', 'sim.engenho.io/exit-code': '2' };
    await c.runPod(pod('crasher', 'engenho-node-1', ['app'], exits));
    const followed = await c.kubectl(['logs', '-f', 'crasher']);
    expect(followed).toEqual({ code: 0, stdout: `${started('app')}\nsim: container app exited with code 2\n`, stderr: '' });
    await c.waitForPod('crasher', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'restarted');
    expect(await c.kubectl(['logs', 'crasher', '--previous'])).toEqual({ code: 0, stdout: `${started('app')}\nsim: container app exited with code 2\n`, stderr: '' });
  });

  it('passes the kubelet refusals on as Status messages', async () => {
    expect(await c.kubectl(['logs', 'sim', '--previous'])).toMatchObject({
      code: 1,
      stderr: 'Error from server (BadRequest): previous terminated container "app" in pod "sim" not found\n',
    });
  });
});

describe('kubectl port-forward through the kubelet endpoint', () => {
  let web: Server;
  beforeAll(async () => {
    web = createServer((req, res) => res.end(`hello from ${req.url}`));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => web.close(() => resolve())));

  it('forwards a local port to the pod (the runtime dials the test listener) and refuses a sim pod', async () => {
    const port = (web.address() as AddressInfo).port;
    const child = spawn('kubectl', ['port-forward', 'pod/shell', `:${port}`], { env: c.kubectlEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const local = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        child.once('exit', (code) => reject(new Error(`kubectl port-forward exited ${code}: ${out}`)));
      });
      const answers = await Promise.all([1, 2, 3].map(async (n) => (await fetch(`http://127.0.0.1:${local}/req${n}`)).text()));
      expect(answers).toEqual(['hello from /req1', 'hello from /req2', 'hello from /req3']);
    } finally {
      child.kill();
    }
    const sim = await c.kubectl(['port-forward', 'pod/sim', ':80'], { timeoutMs: 60_000 });
    expect(sim).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: error upgrading connection: port-forward is not supported by the container runtime of node engenho-node-1 (sim://1.0.0): its pods have no network\n',
    });
  });
});
