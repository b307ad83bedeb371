// kubectl logs and exec end to end: the real kubectl → API server (pods/log over the HTTPS
// connector; pods/exec through the upgrade proxy) → the kubelet endpoint → the runtime.
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

  it('refuses a pod whose runtime runs no processes (sim) with a 400 Status', async () => {
    const result = await c.kubectl(['exec', 'sim', '--', 'true']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (BadRequest): exec is not supported by the container runtime of node engenho-node-1 (sim://1.0.0): its containers run no processes\n',
    });
  });

  it('answers as upstream for a missing pod, a wrong container and a pod without a node', async () => {
    expect(await c.kubectl(['exec', 'nope', '--', 'true'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(await c.kubectl(['exec', 'shell', '-c', 'other', '--', 'true'])).toMatchObject({ code: 1, stderr: 'Error from server (BadRequest): container other is not valid for pod shell\n' });
    await c.client.resource<Pod>('v1', 'pods').create({ ...pod('unbound', ''), spec: { containers: [{ name: 'app', image: 'busybox' }] } });
    expect(await c.kubectl(['exec', 'unbound', '--', 'true'])).toMatchObject({ code: 1, stderr: 'Error from server (BadRequest): pod unbound does not have a host assigned\n' });
  });
});
