// Starts `podman system service` on a unix socket (the kubelet's own, unless it is given a socket),
// waits until it answers, and stops it again. Containers outlive the service: conmon supervises them.
// The service exits by itself once it has had no connection for `idleSeconds`: the runtime keeps
// the event stream open while it lives, so a kubelet killed with SIGKILL leaves no service behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LibpodClient, readAll } from './libpod-client.js';

export interface PodmanServiceOptions {
  /** The podman binary (default `podman`). */
  binary?: string;
  socketPath: string;
  /** A containers.conf for the service (CONTAINERS_CONF), e.g. to choose runc and ulimits. */
  containersConf?: string;
  /** Podman's storage (`--root`) and state (`--runroot`) directories; empty = podman's defaults. */
  root?: string;
  runRoot?: string;
  /** The OCI runtime (`--runtime`, e.g. runc); empty = containers.conf's. */
  ociRuntime?: string;
  /** Exit after this long without any connection (default 60 s; 0 = never). */
  idleSeconds?: number;
  /** How long to wait for the socket to answer (default 30 s). */
  startTimeoutMs?: number;
}

export interface PodmanService {
  client: LibpodClient;
  stop(): Promise<void>;
}

export function podmanGlobalArgs(options: Pick<PodmanServiceOptions, 'root' | 'runRoot' | 'ociRuntime'>): string[] {
  return [
    ...(options.root ? ['--root', options.root] : []),
    ...(options.runRoot ? ['--runroot', options.runRoot] : []),
    ...(options.ociRuntime ? ['--runtime', options.ociRuntime] : []),
  ];
}

export async function startPodmanService(options: PodmanServiceOptions): Promise<PodmanService> {
  await mkdir(dirname(options.socketPath), { recursive: true });
  const binary = options.binary ?? 'podman';
  const env = { ...process.env, ...(options.containersConf ? { CONTAINERS_CONF: options.containersConf } : {}) };
  const child = spawn(binary, [...podmanGlobalArgs(options), 'system', 'service', `--time=${options.idleSeconds ?? 60}`, `unix://${options.socketPath}`], {
    env,
    // conmon drops files (an `oom` marker when a container is OOM-killed) in its working directory.
    cwd: dirname(options.socketPath),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (error) => {
      stderr += `${error.message}\n`;
      resolve(-1);
    });
  });
  const client = new LibpodClient(options.socketPath);
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let running = true;
  void exited.then(() => (running = false));
  while (!(await answers(client))) {
    if (!running) throw new Error(`podman system service (${binary}) exited before it answered on ${options.socketPath}: ${stderr.trim() || 'no output'}`);
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`podman system service did not answer on ${options.socketPath} within ${options.startTimeoutMs ?? 30_000} ms: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { client, stop: () => stopChild(child, exited) };
}

async function answers(client: LibpodClient): Promise<boolean> {
  try {
    return (await readAll(await client.stream('GET', '/_ping'))) === 'OK';
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
