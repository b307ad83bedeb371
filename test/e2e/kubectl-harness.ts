// One in-process API server per e2e test file (SQLite store in a temp dir, a fresh CA, an admin
// kubeconfig) and a `kubectl` runner bound to it. Each kubectl call has its own timeout and the
// discovery cache lives in the temp dir, so test files never share state.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../../src/apiserver/index.js';
import { ADMIN_USER, ensureClusterCertificates, serverUrl, writeKubeconfig } from '../../src/pki/index.js';
import { createStore, type Store } from '../../src/store/index.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  input?: string;
  timeoutMs?: number;
  /** Extra environment, e.g. KUBE_EDITOR for `kubectl edit`. */
  env?: Record<string, string>;
}

export interface TestCluster {
  dir: string;
  kubeconfig: string;
  server: ApiServer;
  store: Store;
  url: string;
  /** Runs kubectl; never rejects (look at code/stderr). `input` is piped to stdin. */
  kubectl(args: string[], options?: KubectlOptions): Promise<KubectlResult>;
  /** Like kubectl() but throws with stderr when the command fails. */
  kubectlOk(args: string[], options?: KubectlOptions): Promise<string>;
  /** Starts a long-running kubectl (get --watch); stop() kills it and returns what it printed. */
  kubectlStream(args: string[]): { lines(): string[]; stop(): Promise<string> };
  writeFile(name: string, text: string): string;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'engenho-e2e-'));
  const certificates = await ensureClusterCertificates({ tlsDir: join(dir, 'tls'), subjectAltNames: ['127.0.0.1', 'localhost'] });
  const store = await createStore({ sqlite: { path: join(dir, 'state.db'), synchronous: 'normal' } });
  const server = await startApiServer({
    store,
    host: '127.0.0.1',
    port: 0,
    tls: { cert: certificates.serving.certPem, key: certificates.serving.keyPem, ca: certificates.ca.certPem },
  });
  const url = serverUrl('127.0.0.1', server.port);
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, {
    clusterName: 'engenho',
    server: url,
    caPem: certificates.ca.certPem,
    userName: ADMIN_USER,
    clientCertPem: certificates.admin.certPem,
    clientKeyPem: certificates.admin.keyPem,
  });
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, KUBECACHEDIR: join(dir, 'kube-cache') };
  const children = new Set<ChildProcess>();

  const kubectl: TestCluster['kubectl'] = (args, options = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        'kubectl',
        args,
        { env: { ...env, ...options.env }, timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });

  const kubectlOk: TestCluster['kubectlOk'] = async (args, options) => {
    const result = await kubectl(args, options);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}${result.stdout}`);
    return result.stdout;
  };

  const kubectlStream: TestCluster['kubectlStream'] = (args) => {
    const child = spawn('kubectl', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return {
      lines: () => output.split('\n').filter((line) => line !== ''),
      async stop() {
        child.kill('SIGTERM');
        await exited;
        children.delete(child);
        return output;
      },
    };
  };

  return {
    dir,
    kubeconfig,
    server,
    store,
    url,
    kubectl,
    kubectlOk,
    kubectlStream,
    writeFile(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
