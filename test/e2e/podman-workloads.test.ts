// `engenho up --runtime podman` (built dist/, own process) with real kubectl: a private podman
// storage (temp --root/--runroot, the sandbox's containers.conf, a busybox image built locally);
// the kubelet starts its own podman service on it, the test reads podman through another.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPodmanFixture, type PodmanFixture } from '../../src/kubelet/runtimes/podman/testing/podman-fixture.js';
import { startEngenhoUp, type EngenhoProcess } from '../helpers/engenho-up.js';

let fixture: PodmanFixture;
let engenho: EngenhoProcess;

const podmanEnv = () => ({
  ENGENHO_KUBELET_PODMAN_CONTAINERS_CONF: fixture.containersConf,
  ENGENHO_KUBELET_PODMAN_ROOT: fixture.root,
  ENGENHO_KUBELET_PODMAN_RUN_ROOT: fixture.runRoot,
});
const upWithPodman = (dataDir?: string) => startEngenhoUp({ dataDir, args: ['--nodes', '1', '--runtime', 'podman'], env: podmanEnv(), readyTimeoutMs: 120_000 });

beforeAll(async () => {
  fixture = await startPodmanFixture();
  engenho = await upWithPodman();
}, 300_000);

afterAll(async () => {
  await engenho?.stop('SIGTERM', 120_000);
  engenho?.removeDataDir();
  await fixture?.stop();
}, 300_000);

async function ok(args: string[], input?: string): Promise<string> {
  const result = await engenho.kubectl(args, { input, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const jsonpath = (target: string, path: string) => ok(['get', target, '-o', `jsonpath=${path}`]);

/** Podman containers of the pod's uid (not its infra container, which carries the pod's labels too), as `name id`. */
async function containersOf(podUid: string): Promise<string[]> {
  const list = await fixture.client.json<{ Id: string; Names: string[]; Labels: Record<string, string> | null }[]>('GET', '/containers/json', {
    query: { all: true, filters: JSON.stringify({ label: [`io.kubernetes.pod.uid=${podUid}`] }) },
  });
  return list
    .filter((container) => container.Labels?.['io.kubernetes.container.name'] !== undefined)
    .map((container) => `${container.Names[0]} ${container.Id}`)
    .sort();
}

const image = () => fixture.image;

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('GET timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('engenho up --runtime podman', () => {
  let webPod = '';

  it('runs a busybox httpd Deployment that port-forward, logs and exec reach', async () => {
    await ok(['apply', '-f', '-'], deploymentYaml(image()));
    await ok(['rollout', 'status', 'deploy/web', '--timeout=120s']);
    webPod = await jsonpath('pods', '{.items[0].metadata.name}');
    expect(await jsonpath(`pod/${webPod}`, '{.status.phase} {.status.containerStatuses[0].ready} {.spec.nodeName}')).toBe('Running true engenho-node-0');
    expect(await jsonpath('node/engenho-node-0', '{.status.nodeInfo.containerRuntimeVersion}')).toMatch(/^podman:\/\/\d+\.\d+\.\d+$/);

    const forward = spawn('kubectl', ['--kubeconfig', engenho.kubeconfig, 'port-forward', `pod/${webPod}`, ':8080'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let printed = '';
      forward.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
      const port = await until(async () => Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(printed)?.[1]) || undefined, 'kubectl port-forward to listen', 60_000);
      expect(await httpGet(port, '/hostname')).toEqual({ status: 200, body: webPod });
    } finally {
      forward.kill();
    }

    const logs = await until(async () => {
      const text = await ok(['logs', webPod]);
      return text.includes('response:200') ? text : undefined;
    }, 'the request in the log');
    const lines = logs.trimEnd().split('\n');
    expect(lines[0]).toBe('serving /etc');
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^\[[^\]]+\]:\d+: response:200$/)]);

    // podman writes the pod's hostname into /etc/hostname without a newline
    expect(await engenho.kubectl(['exec', webPod, '--', 'cat', '/etc/hostname'])).toEqual({ code: 0, stdout: webPod, stderr: '' });
    // stdin to the end, then the command's exit code
    expect(await engenho.kubectl(['exec', '-i', webPod, '--', 'sh', '-c', 'tr a-z A-Z; exit 3'], { input: 'shout\n' })).toEqual({ code: 3, stdout: 'SHOUT\n', stderr: 'command terminated with exit code 3\n' });
  }, 300_000);

  it('follows a container log to its end, with --tail and --timestamps', async () => {
    await ok(['apply', '-f', '-'], podYaml('once', image(), ['sh', '-c', 'echo a; sleep 3; echo b'], '', 'Never'));
    await until(async () => ((await jsonpath('pod/once', '{.status.phase}')) === 'Running' ? true : undefined), 'once to run');
    expect(await ok(['logs', '-f', 'once'])).toBe('a\nb\n');
    await until(async () => ((await jsonpath('pod/once', '{.status.phase}')) === 'Succeeded' ? true : undefined), 'once to succeed');
    expect(await ok(['logs', 'once', '--tail=1'])).toBe('b\n');
    expect(await ok(['logs', 'once', '--timestamps'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z a\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z b\n$/);
    await ok(['delete', 'pod', 'once', '--timeout=120s']);
  }, 300_000);

  it('puts a container that exits 1 into CrashLoopBackOff with a growing back-off', async () => {
    await ok(['apply', '-f', '-'], podYaml('crash', image(), ['sh', '-c', 'echo crashing; exit 1']));
    const uid = await jsonpath('pod/crash', '{.metadata.uid}');
    const seen: string[] = [];
    await until(async () => {
      const message = await jsonpath('pod/crash', '{.status.containerStatuses[0].state.waiting.message}');
      if (message && !seen.includes(message)) seen.push(message);
      return seen.length >= 2 ? true : undefined;
    }, 'two back-off steps', 180_000);
    expect(seen).toEqual([
      `back-off 10s restarting failed container=app pod=crash_default(${uid})`,
      `back-off 20s restarting failed container=app pod=crash_default(${uid})`,
    ]);
    expect(await jsonpath('pod/crash', '{.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].lastState.terminated.reason}')).toBe(
      'CrashLoopBackOff 1 Error',
    );
    expect(Number(await jsonpath('pod/crash', '{.status.containerStatuses[0].restartCount}'))).toBeGreaterThanOrEqual(2);
    expect(await ok(['logs', 'crash', '--previous'])).toBe('crashing\n');
  }, 300_000);

  it('restarts a container whose liveness probe fails', async () => {
    await ok(['apply', '-f', '-'], podYaml('liveness', image(), ['sh', '-c', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; exec sleep 1000'], LIVENESS));
    await until(async () => (Number(await jsonpath('pod/liveness', '{.status.containerStatuses[0].restartCount}')) >= 1 ? true : undefined), 'a restart');
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=liveness', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    expect(events).toContain("Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n");
    expect(events).toContain('Killing: Container app failed liveness probe, will be restarted\n');
    // sleep as PID 1 ignores SIGTERM: killed when the 2 s grace period is over
    expect(await jsonpath('pod/liveness', '{.status.containerStatuses[0].lastState.terminated.exitCode}')).toBe('137');
  }, 300_000);

  it('removes the containers of deleted pods', async () => {
    const uids = [await jsonpath('pod/crash', '{.metadata.uid}'), await jsonpath('pod/liveness', '{.metadata.uid}')];
    expect((await containersOf(uids[0])).length).toBeGreaterThan(0);
    await ok(['delete', 'pod', 'crash', 'liveness', '--timeout=120s']);
    await until(async () => ((await containersOf(uids[0])).length + (await containersOf(uids[1])).length === 0 ? true : undefined), 'the containers to go');
    const pods = await fixture.client.json<unknown[]>('GET', '/pods/json', { query: { filters: JSON.stringify({ label: [`io.kubernetes.pod.uid=${uids[0]}`] }) } });
    expect(pods).toEqual([]);
  }, 300_000);

  it('after a restart of engenho, keeps the running containers: none lost, none duplicated', async () => {
    const uid = await jsonpath(`pod/${webPod}`, '{.metadata.uid}');
    const before = await containersOf(uid);
    expect(before).toHaveLength(1);
    const dataDir = engenho.dataDir;
    await engenho.stop('SIGTERM', 120_000);
    engenho = await upWithPodman(dataDir);
    await ok(['wait', '--for=condition=Ready', `pod/${webPod}`, '--timeout=120s']);
    // a few syncs later, still the same single container
    await until(async () => ((await jsonpath('node/engenho-node-0', '{.status.conditions[?(@.type=="Ready")].status}')) === 'True' ? true : undefined), 'the node to be Ready');
    expect(await engenho.kubectl(['exec', webPod, '--', 'cat', '/etc/hostname'])).toEqual({ code: 0, stdout: webPod, stderr: '' });
    expect(await containersOf(uid)).toEqual(before);
    expect(await jsonpath(`pod/${webPod}`, '{.status.phase} {.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].containerID}')).toBe(
      `Running 0 podman://${before[0].split(' ')[1]}`,
    );
  }, 300_000);
});

const LIVENESS = `    livenessProbe:
      exec: {command: ["cat", "/tmp/healthy"]}
      periodSeconds: 1
      failureThreshold: 2
`;

function podYaml(name: string, image: string, command: string[], extra = '', restartPolicy = 'Always'): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: ${restartPolicy}
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: ${image}
    command: ${JSON.stringify(command)}
${extra}`;
}

function deploymentYaml(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: httpd
        image: ${image}
        command: ["sh", "-c", "echo serving /etc; exec httpd -f -v -p 8080 -h /etc"]
        ports: [{containerPort: 8080}]
`;
}
