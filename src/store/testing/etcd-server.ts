// A throwaway single-member etcd on 127.0.0.1 (random ports, temp data dir) for tests and benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface EtcdServer {
  /** Client URL, e.g. http://127.0.0.1:40123 */
  endpoint: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EtcdServerOptions {
  binary?: string;
  /** Skip fsync (tests only: much faster, not durable). */
  unsafeNoFsync?: boolean;
  extraArgs?: string[];
  /** Serve clients over TLS with these PEM files, requiring client certificates signed by `ca`. */
  tls?: { ca: string; cert: string; key: string };
  startTimeoutMs?: number;
}

export async function startEtcd(options: EtcdServerOptions = {}): Promise<EtcdServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'engenho-etcd-'));
  const [clientPort, peerPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const endpoint = `${options.tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
  const metrics = `http://127.0.0.1:${metricsPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'engenho-test',
    '--data-dir', dataDir,
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `engenho-test=${peer}`,
    '--initial-cluster-state', 'new',
    '--listen-metrics-urls', metrics,
    // Room for a 1.5 MiB value plus its key and envelope.
    '--max-request-bytes', String(2 * 1024 * 1024),
    '--log-level', 'error',
    '--logger', 'zap',
    ...(options.unsafeNoFsync ? ['--unsafe-no-fsync'] : []),
    ...(options.tls
      ? ['--cert-file', options.tls.cert, '--key-file', options.tls.key, '--trusted-ca-file', options.tls.ca, '--client-cert-auth']
      : []),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(options.binary ?? '/usr/bin/etcd', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', (error) => (stderr += String(error)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(metrics, child, options.startTimeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw new Error(`etcd did not start: ${(error as Error).message}\n${stderr}`);
  }
  return { endpoint, dataDir, stop };
}

/** Polls /health on the plain-HTTP metrics listener (works whether clients use TLS or not). */
async function waitHealthy(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/health`);
      const body = (await response.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no healthy answer from ${endpoint}/health within ${timeoutMs} ms`);
}
