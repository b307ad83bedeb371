// Runs the real `engenho up` (node bin/engenho.js, i.e. the built dist/) in a temp data dir on a
// random port, waits until it is ready, and drives it with the real kubectl. Reusable by any e2e
// test that wants the whole program rather than an in-process API server.
//
//   const engenho = await startEngenhoUp();
//   const { stdout } = await engenho.kubectl(['get', 'ns']);
//   await engenho.stop();          // SIGTERM; resolves with the exit code
//   engenho.removeDataDir();
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ENGENHO_BIN = join(REPO_ROOT, 'bin', 'engenho.js');

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StartEngenhoOptions {
  /** Reuse a data dir (e.g. for a restart); default a new temp dir. */
  dataDir?: string;
  /** Extra arguments after `up` (the helper adds --data-dir and, unless given, --port 0 and --kubelet-port 0). */
  args?: string[];
  /** Extra environment; XDG_CONFIG_HOME points into the data dir so no user config is read. */
  env?: Record<string, string>;
  /** How long to wait for the kubeconfig and /readyz; default 60 s. */
  readyTimeoutMs?: number;
}

export interface EngenhoProcess {
  dataDir: string;
  kubeconfig: string;
  url: string;
  port: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Runs kubectl against this cluster; never rejects (look at code and stderr). */
  kubectl(args: string[], options?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Sends a signal (default SIGTERM) and resolves with the exit code (null if killed by a signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  removeDataDir(): void;
}

export interface AdminCredentials {
  ca: string;
  cert: string;
  key: string;
}

/** The CA and client certificate of a kubeconfig written by `engenho up`. */
export function readAdminCredentials(kubeconfigPath: string): AdminCredentials {
  const config = parse(readFileSync(kubeconfigPath, 'utf8'));
  const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');
  return {
    ca: decode(config.clusters[0].cluster['certificate-authority-data']),
    cert: decode(config.users[0].user['client-certificate-data']),
    key: decode(config.users[0].user['client-key-data']),
  };
}

/** A plain HTTPS GET (HTTP/1.1) with optional client credentials: the curl equivalent. */
export function httpsGet(
  url: string,
  credentials: Partial<AdminCredentials> & { ca: string },
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: 'GET', ca: credentials.ca, cert: credentials.cert, key: credentials.key, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export function runKubectl(kubeconfig: string, cacheDir: string, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      { timeout: options.timeoutMs ?? 30_000, env: { ...process.env, KUBECONFIG: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

const UP_LINE = /^engenho is up: (https:\/\/\S+)/m;

export async function startEngenhoUp(options: StartEngenhoOptions = {}): Promise<EngenhoProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'engenho-up-'));
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const args = options.args ?? [];
  // Random ports, so test files that start clusters side by side never collide.
  const portArgs = [...(args.includes('--port') ? [] : ['--port', '0']), ...(args.includes('--kubelet-port') ? [] : ['--kubelet-port', '0'])];
  const child = spawn(process.execPath, [ENGENHO_BIN, 'up', '--data-dir', dataDir, ...portArgs, ...args], {
    cwd: dataDir,
    env: { ...process.env, XDG_CONFIG_HOME: join(dataDir, '.xdg'), ENGENHO_CONFIG: '', ENGENHO_LOGGING_FORMAT: 'json', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const failure = (why: string) => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    return new Error(`engenho up ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr.slice(-4000)}`);
  };

  let url: string | undefined;
  for (;;) {
    if (hasExited) throw failure(`exited with code ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw failure('was not ready in time');
    }
    url ??= UP_LINE.exec(stdout)?.[1];
    if (url) {
      const ready = await httpsGet(`${url}/readyz`, readAdminCredentials(kubeconfig)).catch(() => undefined);
      if (ready?.status === 200) break;
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 50));
  }

  const cacheDir = join(dataDir, '.kube-cache');
  return {
    dataDir,
    kubeconfig,
    url,
    port: Number(new URL(url).port),
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    kubectl: (kubectlArgs, kubectlOptions) => runKubectl(kubeconfig, cacheDir, kubectlArgs, kubectlOptions),
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000) {
      if (!hasExited) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    removeDataDir: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
