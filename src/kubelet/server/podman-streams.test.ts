// The streaming path against real Podman (a private service, testing/ of the podman runtime):
// kubectl exec, exec -i, logs and port-forward to a busybox pod, through the API server and the
// kubelet endpoint.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/index.js';
import { createPodmanRuntime } from '../runtimes/podman/create-podman-runtime.js';
import { startPodmanFixture, type PodmanFixture } from '../runtimes/podman/testing/podman-fixture.js';
import { startStreamCluster, type StreamCluster } from './testing/stream-cluster.js';

let fixture: PodmanFixture;
let c: StreamCluster;

beforeAll(async () => {
  fixture = await startPodmanFixture();
  c = await startStreamCluster({ execNodeRuntime: await createPodmanRuntime({ nodeName: 'exec-node-0', socket: fixture.socket }) });
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'box', namespace: 'default' },
    spec: {
      nodeName: 'exec-node-0',
      containers: [{ name: 'app', image: fixture.image, imagePullPolicy: 'Never', command: ['sh', '-c', 'echo started; echo served > /tmp/index.html; exec httpd -f -p 8080 -h /tmp'] }],
    },
  };
  await c.runPod(pod);
});
afterAll(async () => {
  await c?.stop();
  await fixture?.stop();
});

describe('streams to a Podman pod', () => {
  it('kubectl exec: output, stderr, exit code and piped stdin', async () => {
    expect(await c.kubectl(['exec', 'box', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\ncommand terminated with exit code 3\n' });
    expect(await c.kubectl(['exec', '-i', 'box', '--', 'tr', 'a-z', 'A-Z'], { input: 'piped in\n' })).toEqual({ code: 0, stdout: 'PIPED IN\n', stderr: '' });
  });

  it('kubectl logs shows what the container wrote', async () => {
    expect(await c.kubectl(['logs', 'box'])).toEqual({ code: 0, stdout: 'started\n', stderr: '' });
  });

  it("kubectl port-forward reaches the pod's httpd", async () => {
    const child = spawn('kubectl', ['port-forward', 'pod/box', ':8080'], { env: c.kubectlEnv, stdio: ['ignore', 'pipe', 'pipe'] });
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
      expect(await (await fetch(`http://127.0.0.1:${local}/index.html`)).text()).toBe('served\n');
    } finally {
      child.kill();
    }
  });
});
