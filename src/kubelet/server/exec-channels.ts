// The remote-command channel protocol over a WebSocket (upstream's wsstream, binary frames): the
// first byte of each message is the channel — 0 stdin, 1 stdout, 2 stderr, 3 error (the Status
// once the command ends), 4 resize ({"Width","Height"}), and in v5 255 close (half-close of the
// channel named by the second byte). v4 and v5 write the Status as JSON; v3 only a failure's message.
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ExecSession } from '../container-runtime.js';

/** Preferred first; kubectl v1.32 offers only v5. */
export const EXEC_SUBPROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io'] as const;

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
}

/** As upstream's kubelet: Success, or NonZeroExitCode with the code as the ExitCode cause. */
export function exitStatus(command: string[], exitCode: number): ExecStatus {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

export function internalErrorStatus(message: string): ExecStatus {
  return { metadata: {}, status: 'Failure', message: `error executing command in container: ${message}`, reason: 'InternalError' };
}

function frame(channel: number, data: Buffer | string): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.of(channel), payload]);
}

/** Writes the final Status on the error channel (in the protocol's form) and closes normally. */
export function finishWithStatus(ws: WebSocket, protocol: string, status: ExecStatus): void {
  if (ws.readyState !== ws.OPEN) return;
  if (protocol === 'v3.channel.k8s.io') {
    if (status.status === 'Failure') ws.send(frame(CHANNEL.error, status.message ?? 'unknown error'));
  } else {
    ws.send(frame(CHANNEL.error, JSON.stringify(status)));
  }
  ws.close(1000);
}

function forward(ws: WebSocket, source: Readable | undefined, channel: number): Promise<void> {
  if (!source) return Promise.resolve();
  source.on('data', (chunk: Buffer | string) => {
    if (ws.readyState === ws.OPEN) ws.send(frame(channel, typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  });
  return finished(source).catch(() => undefined);
}

/** Holds what the client sends before the exec session exists (it may write stdin right after the handshake). */
export function bufferEarlyMessages(ws: WebSocket): () => Buffer[] {
  const early: Buffer[] = [];
  const keep = (data: Buffer, isBinary: boolean) => {
    if (isBinary) early.push(data);
  };
  ws.on('message', keep);
  return () => {
    ws.off('message', keep);
    return early;
  };
}

const START_FAILURE_GRACE_MS = 300;

/**
 * Bridges a running exec and the client until the command ends (or the client leaves: then it is
 * killed). `early` are the client's messages that arrived while the session was starting.
 */
export async function bridgeExecSession(ws: WebSocket, protocol: string, session: ExecSession, command: string[], early: Buffer[] = []): Promise<void> {
  const startedAt = Date.now();
  let clientGone = ws.readyState !== ws.OPEN;
  if (clientGone) session.kill();
  ws.on('close', () => {
    clientGone = true;
    session.kill();
  });
  ws.on('error', () => session.kill());
  const receive = (data: Buffer) => {
    if (data.length === 0) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === CHANNEL.stdin) {
      if (session.stdin && !session.stdin.writableEnded) session.stdin.write(payload);
    } else if (channel === CHANNEL.resize) {
      try {
        const size = JSON.parse(payload.toString('utf8')) as { Width?: unknown; Height?: unknown };
        if (typeof size.Width === 'number' && typeof size.Height === 'number') session.resize(size.Width, size.Height);
      } catch {
        // A malformed resize is ignored, as upstream does.
      }
    } else if (channel === CHANNEL.close && protocol === 'v5.channel.k8s.io' && payload[0] === CHANNEL.stdin) {
      session.stdin?.end();
    }
  };
  session.stdin?.on('error', () => undefined);
  for (const data of early) receive(data);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) receive(data);
  });
  const drained = Promise.all([forward(ws, session.stdout, CHANNEL.stdout), forward(ws, session.stderr, CHANNEL.stderr)]);
  let status: ExecStatus;
  try {
    const code = await session.exitCode;
    await drained;
    status = exitStatus(command, code);
  } catch (error) {
    status = internalErrorStatus(error instanceof Error ? error.message : String(error));
    // kubectl discards frames of streams it has not set up yet ("Unknown stream id 3"): a command that
    // fails at once (as `spawn ENOENT`) would otherwise lose its error and kubectl exit 0. A container
    // runtime's exec takes this long anyway; only the failure path waits.
    const wait = START_FAILURE_GRACE_MS - (Date.now() - startedAt);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  if (!clientGone) finishWithStatus(ws, protocol, status);
}
