// Test support only: the real streaming path in one process — an API server over HTTPS with a
// fresh cluster CA, the kubelet endpoint with a serving certificate from that CA, the API server's
// HTTPS connector (kubelet-client certificate) as its NodeConnector, and two groups of nodes
// sharing the endpoint: `exec-node-0` (ProcessExecRuntime: real processes behind exec; RuntimeClass
// `sim` pods on a plain sim) and `engenho-node-0`/`-1` (plain sim). Plus kubectl bound to the cluster.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '../../../api/index.js';
import { createInProcessTransport, startApiServer, type ApiServer } from '../../../apiserver/index.js';
import { createKubeletConnector, kubeletAddressResolver } from '../../../apiserver/kubelet-connector.js';
import { Client } from '../../../client/index.js';
import { eventually } from '../../../client/testing/real-api-server.js';
import {
  ADMIN_USER,
  ensureClusterCertificates,
  issueClientCertificate,
  issueServingCertificate,
  serverUrl,
  writeKubeconfig,
  type ClusterCertificates,
} from '../../../pki/index.js';
import { createStore, type Store } from '../../../store/index.js';
import type { ContainerRuntime } from '../../container-runtime.js';
import { runKubelets, type RunningKubelets } from '../../run-kubelets.js';
import { RuntimeRouter } from '../../runtimes/runtime-router.js';
import { SimRuntime } from '../../runtimes/sim/sim-runtime.js';
import { KUBELET_CLIENT_USER } from '../client-auth.js';
import { startKubeletServer, type KubeletServer } from '../kubelet-server.js';
import { ProcessExecRuntime } from './process-exec-runtime.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StreamCluster {
  dir: string;
  certificates: ClusterCertificates;
  /** The API server's kubelet-client certificate. */
  kubeletClient: { certPem: string; keyPem: string };
  api: ApiServer;
  kubelet: KubeletServer;
  execRuntime: ProcessExecRuntime;
  nodes: RunningKubelets[];
  client: Client;
  kubectl(args: string[], options?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** The environment kubectl runs with (for long-running kubectl the test spawns itself). */
  kubectlEnv: NodeJS.ProcessEnv;
  /** Creates a pod bound to `nodeName` and waits until its containers run. */
  runPod(pod: Pod): Promise<Pod>;
  waitForPod(name: string, check: (pod: Pod) => boolean, what: string): Promise<Pod>;
  stop(): Promise<void>;
}

const NODE_USER = { name: 'system:node:engenho', groups: ['system:nodes', 'system:authenticated'] };

export interface StreamClusterOptions {
  logIntervalMs?: number;
  /** The default runtime of `exec-node-0` instead of the ProcessExecRuntime (e.g. a real podman); closed by stop(). */
  execNodeRuntime?: ContainerRuntime;
}

export async function startStreamCluster(options: StreamClusterOptions = {}): Promise<StreamCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'engenho-streams-'));
  const certificates = await ensureClusterCertificates({ tlsDir: join(dir, 'tls'), subjectAltNames: ['127.0.0.1', 'localhost'] });
  const store: Store = await createStore({ sqlite: { path: join(dir, 'state.db'), synchronous: 'normal' } });
  const api = await startApiServer({
    store,
    host: '127.0.0.1',
    port: 0,
    tls: { cert: certificates.serving.certPem, key: certificates.serving.keyPem, ca: certificates.ca.certPem },
    watchProgressIntervalMs: 200,
  });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, {
    clusterName: 'engenho',
    server: serverUrl('127.0.0.1', api.port),
    caPem: certificates.ca.certPem,
    userName: ADMIN_USER,
    clientCertPem: certificates.admin.certPem,
    clientKeyPem: certificates.admin.keyPem,
  });
  const serving = await issueServingCertificate(certificates.ca, { commonName: 'engenho-kubelet', subjectAltNames: ['127.0.0.1', 'localhost'] });
  const kubeletClient = await issueClientCertificate(certificates.ca, { commonName: KUBELET_CLIENT_USER, organizations: ['system:masters'] });

  const nodes: RunningKubelets[] = [];
  const kubelet = await startKubeletServer({
    port: 0,
    tls: { cert: serving.certPem, key: serving.keyPem, ca: certificates.ca.certPem },
    pods: {
      findPod: (namespace, name) => {
        for (const group of nodes) {
          const found = group.findPod(namespace, name);
          if (found) return found;
        }
        return undefined;
      },
    },
  });
  const nodeClient = () => new Client(createInProcessTransport(api.context, NODE_USER), { fieldManager: 'kubelet' });
  const sim = { startDelayMs: 100, logIntervalMs: options.logIntervalMs ?? 0 };
  const execRuntime = new ProcessExecRuntime({ podCIDR: '10.244.100.0/24', ...sim });
  // Short restart back-off, so `--previous` has something to show within a test.
  const restartBackoff = { initialMs: 200, maxMs: 1000 };
  // Behind a RuntimeRouter, as on real nodes: pods of RuntimeClass `sim` run on a plain sim runtime.
  const runtime = new RuntimeRouter(options.execNodeRuntime ?? execRuntime, { sim: new SimRuntime({ podCIDR: '10.244.101.0/24', ...sim }) });
  nodes.push(runKubelets({ client: nodeClient(), count: 1, namePrefix: 'exec-node-', sim, kubelet: { runtime, serverPort: kubelet.port, restartBackoff, rootDir: join(dir, 'kubelet') } }));
  nodes.push(runKubelets({ client: nodeClient(), count: 2, sim, kubelet: { serverPort: kubelet.port, restartBackoff } }));
  await Promise.all(nodes.map((group) => group.ready));
  const localNames = new Set(nodes.flatMap((group) => group.kubelets.map((k) => k.nodeName)));
  api.context.nodes = createKubeletConnector({
    tls: { ca: certificates.ca.certPem, cert: kubeletClient.certPem, key: kubeletClient.keyPem },
    resolve: kubeletAddressResolver(api.context, { isLocal: (name) => localNames.has(name), port: () => kubelet.port }),
    // Short, so a followed log that stays quiet longer shows the timeout guards only the connecting.
    connectTimeoutMs: 1500,
  });

  const client = new Client(createInProcessTransport(api.context, { name: 'test-admin', groups: ['system:masters', 'system:authenticated'] }), { fieldManager: 'test' });
  const pods = client.resource<Pod>('v1', 'pods');
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, KUBECACHEDIR: join(dir, 'kube-cache') };
  const waitForPod: StreamCluster['waitForPod'] = async (name, check, what) => {
    let last: Pod | undefined;
    await eventually(
      async () => {
        last = await pods.get(name).catch(() => undefined);
        return last !== undefined && check(last);
      },
      `${name}: ${what}`,
      12_000,
    );
    return last!;
  };
  return {
    dir,
    certificates,
    kubeletClient,
    api,
    kubelet,
    execRuntime,
    nodes,
    client,
    kubectlEnv: env,
    kubectl: (args, { input, timeoutMs } = {}) =>
      new Promise((resolve) => {
        const child = execFile('kubectl', args, { env, timeout: timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        });
        child.stdin?.end(input);
      }),
    async runPod(pod) {
      await pods.create(pod);
      return waitForPod(pod.metadata!.name!, (p) => p.status?.phase === 'Running', 'Running');
    },
    waitForPod,
    async stop() {
      await kubelet.close();
      for (const group of nodes) await group.stop();
      client.close();
      await api.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
