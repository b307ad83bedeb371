// Test support only: the sim runtime plus an execStream that spawns a real local process
// (child_process), so kubectl exec crosses the whole real path — API server, upgrade proxy, kubelet
// endpoint, WebSocket channels — down to a process's pipes and exit code. No real terminal: with
// `tty` the process's stderr is merged into stdout (as the contract says) and resizes are recorded.
// portForward connects to the port on 127.0.0.1 (the test's own listener stands in for the pod).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { constants } from 'node:os';
import type { ExecSession, ExecStreamOptions } from '../../container-runtime.js';
import { SimRuntime, type SimRuntimeOptions } from '../../runtimes/sim/sim-runtime.js';

function merged(sources: Readable[]): PassThrough {
  const out = new PassThrough();
  let open = sources.length;
  for (const source of sources) {
    source.pipe(out, { end: false });
    source.once('end', () => {
      if (--open === 0) out.end();
    });
  }
  return out;
}

export class ProcessExecRuntime extends SimRuntime {
  readonly resizes: { containerId: string; width: number; height: number }[] = [];
  readonly execs: { containerId: string; options: ExecStreamOptions }[] = [];

  constructor(options: SimRuntimeOptions) {
    super(options);
  }

  async execStream(containerId: string, options: ExecStreamOptions): Promise<ExecSession> {
    this.execs.push({ containerId, options });
    const child = spawn(options.command[0], options.command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const exitCode = new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
    exitCode.catch(() => undefined);
    if (!options.stdin) child.stdin.end();
    const wantsStdout = options.stdout || options.tty;
    const wantsStderr = options.stderr && !options.tty;
    if (!wantsStdout) child.stdout.resume();
    if (!wantsStderr && !options.tty) child.stderr.resume();
    return {
      stdin: options.stdin ? child.stdin : undefined,
      stdout: wantsStdout ? (options.tty ? merged([child.stdout, child.stderr]) : child.stdout) : undefined,
      stderr: wantsStderr ? child.stderr : undefined,
      resize: (width, height) => this.resizes.push({ containerId, width, height }),
      exitCode,
      kill: () => child.kill('SIGKILL'),
    };
  }

  async portForward(_sandboxId: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  }
}
