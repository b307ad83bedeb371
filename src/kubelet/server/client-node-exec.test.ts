// @kubernetes/client-node's Exec (WebSocket, v5) through the API server and the kubelet endpoint:
// output on the writable streams, stdin from a readable, and upstream's Status in the callback.
import { PassThrough, Writable } from 'node:stream';
import { join } from 'node:path';
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamCluster, type StreamCluster } from './testing/stream-cluster.js';

let c: StreamCluster;

beforeAll(async () => {
  c = await startStreamCluster();
  await c.runPod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shell', namespace: 'default' }, spec: { nodeName: 'exec-node-0', containers: [{ name: 'app', image: 'busybox' }] } });
});
afterAll(async () => {
  await c?.stop();
});

function collector(): { stream: Writable; text(): string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    }),
    text: () => text,
  };
}

function run(command: string[], input?: string): Promise<{ stdout: string; stderr: string; status: V1Status }> {
  const kc = new KubeConfig();
  kc.loadFromFile(join(c.dir, 'kubeconfig'));
  const stdout = collector();
  const stderr = collector();
  const stdin = input === undefined ? null : new PassThrough();
  return new Promise((resolve, reject) => {
    new Exec(kc)
      .exec('default', 'shell', 'app', command, stdout.stream, stderr.stream, stdin, false, (status) => resolve({ stdout: stdout.text(), stderr: stderr.text(), status }))
      .then(() => stdin?.end(input), reject);
  });
}

describe('@kubernetes/client-node Exec', () => {
  it('gets stdout, stderr and a NonZeroExitCode status', async () => {
    expect(await run(['sh', '-c', 'echo out; echo err >&2; exit 4'])).toEqual({
      stdout: 'out\n',
      stderr: 'err\n',
      status: {
        metadata: {},
        status: 'Failure',
        message: 'command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; exit 4], exit code 4',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '4' }] },
      },
    });
  });

  it('feeds stdin and reports Success', async () => {
    expect(await run(['cat'], 'piped through\n')).toEqual({ stdout: 'piped through\n', stderr: '', status: { metadata: {}, status: 'Success' } });
  });
});
