// Exec through libpod: create an exec session, start it on a hijacked connection (101 UPGRADED),
// read its output (multiplexed frames, or raw with a tty), then read its exit code.
import { PassThrough, Writable, type Duplex } from 'node:stream';
import type { ExecResult, ExecSession, ExecStreamOptions } from '../../container-runtime.js';
import type { LibpodClient } from './libpod-client.js';
import { FrameDecoder } from './stream-frames.js';

interface ExecInspect {
  Running: boolean;
  ExitCode: number;
  /** The process on the host (the socket is local, so the kubelet shares podman's pid namespace). */
  Pid?: number;
}

export class ExecTimeoutError extends Error {
  constructor(command: string[], timeoutMs: number) {
    super(`command ${JSON.stringify(command)} timed out after ${timeoutMs / 1000}s`);
    this.name = 'ExecTimeoutError';
  }
}

/** Runs the command to its end (probes); throws ExecTimeoutError when it outlasts `timeoutMs`. */
export async function execBuffered(client: LibpodClient, containerId: string, command: string[], timeoutMs?: number): Promise<ExecResult> {
  const session = await execStream(client, containerId, { command, stdin: false, stdout: true, stderr: true, tty: false });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  session.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  session.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        session.kill();
        reject(new ExecTimeoutError(command, timeoutMs));
      }, timeoutMs);
    }
  });
  try {
    const exitCode = await Promise.race([session.exitCode, timeout]);
    return { exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
  } finally {
    clearTimeout(timer);
  }
}

export async function execStream(client: LibpodClient, containerId: string, options: ExecStreamOptions): Promise<ExecSession> {
  const created = await client.json<{ Id: string }>('POST', `/containers/${containerId}/exec`, {
    body: {
      Cmd: options.command,
      AttachStdin: options.stdin,
      AttachStdout: options.stdout,
      AttachStderr: options.stderr,
      Tty: options.tty,
    },
  });
  const execId = created.Id;
  const socket = await client.upgrade(`/exec/${execId}/start`, { Detach: false, Tty: options.tty });
  const stdout = options.stdout ? new PassThrough() : undefined;
  const stderr = options.stderr && !options.tty ? new PassThrough() : undefined;
  pipeOutput(socket, options.tty, stdout, stderr);
  const ended = new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.once('end', () => resolve());
  });
  const exitCode = ended.then(async () => {
    stdout?.end();
    stderr?.end();
    return exitCodeOf(client, execId);
  });
  return {
    stdin: options.stdin ? stdinFor(socket) : undefined,
    stdout,
    stderr,
    resize(width, height) {
      if (!options.tty) return;
      client.json('POST', `/exec/${execId}/resize`, { query: { w: width, h: height } }).catch(() => undefined);
    },
    exitCode,
    kill() {
      // closing the connection does not end the command in podman: signal its process
      void killExec(client, execId).finally(() => socket.destroy());
    },
  };
}

function pipeOutput(socket: Duplex, tty: boolean, stdout?: PassThrough, stderr?: PassThrough): void {
  const decoder = new FrameDecoder();
  socket.on('data', (chunk: Buffer) => {
    if (tty) {
      stdout?.write(chunk);
      return;
    }
    for (const frame of decoder.push(chunk)) (frame.stream === 'stderr' ? stderr : stdout)?.write(frame.data);
  });
  socket.on('error', () => undefined);
}

/** Writes go to the connection; ending stdin half-closes it, so the command sees EOF. */
function stdinFor(socket: Duplex): Writable {
  return new Writable({
    write(chunk, _encoding, callback) {
      if (socket.destroyed) return callback();
      socket.write(chunk, () => callback());
    },
    final(callback) {
      if (!socket.destroyed) socket.end();
      callback();
    },
  });
}

async function killExec(client: LibpodClient, execId: string): Promise<void> {
  const inspect = await client.json<ExecInspect>('GET', `/exec/${execId}/json`).catch(() => undefined);
  if (!inspect?.Running || !inspect.Pid) return;
  try {
    process.kill(inspect.Pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The exec's exit code; podman may still mark it running for a moment after the stream ends. */
async function exitCodeOf(client: LibpodClient, execId: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const inspect = await client.json<ExecInspect>('GET', `/exec/${execId}/json`);
      if (!inspect.Running) return inspect.ExitCode;
    } catch {
      return 137;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return 137;
}
