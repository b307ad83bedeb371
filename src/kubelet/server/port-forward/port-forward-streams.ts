// The portforward.k8s.io protocol on a SPDY session (upstream kubelet's httpstream handler): for
// every forwarded connection the client opens an `error` and a `data` stream with the same
// `requestID` and `port` headers. Once both are there the port is dialled and bytes are piped both
// ways; a failure is written as text on the error stream, and the session stays up for other
// connections. The error stream is always closed when the connection is done: kubectl waits for it.
import type { Duplex } from 'node:stream';
import { describeDialError } from './dial-error-text.js';
import type { SpdyHeaders } from './spdy-header-block.js';
import { SpdySession } from './spdy-session.js';
import type { SpdyStream } from './spdy-stream.js';

export interface PortForwardTarget {
  /** How error messages name the pod (upstream: the pod's full name or sandbox id). */
  podName: string;
  uid: string;
  /** Connects to `port` inside the pod's network namespace. */
  dial(port: number): Promise<Duplex>;
  /** How long the second stream of a pair may lag the first (upstream default 30 s). */
  streamCreationTimeoutMs?: number;
  /** Problems worth a log line (refused streams, dial failures); never thrown. */
  log?(message: string): void;
}

const DEFAULT_STREAM_CREATION_TIMEOUT_MS = 30_000;

/** Why upstream refuses a stream from its headers, or undefined when the headers are fine. */
export function streamHeadersProblem(headers: SpdyHeaders): string | undefined {
  const streamType = headers.streamtype?.[0];
  if (!streamType) return '"streamType" header is required';
  const port = headers.port?.[0];
  if (!port) return '"port" header is required';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return `unable to parse ${JSON.stringify(port)} as a port`;
  if (Number(port) === 0) return `port ${JSON.stringify(port)} must be > 0`;
  if (streamType !== 'error' && streamType !== 'data') return `invalid stream type ${JSON.stringify(streamType)}`;
  return undefined;
}

/** The requestID that pairs a data stream with its error stream; old clients send none (upstream derives it). */
function requestIdOf(stream: SpdyStream): string {
  const requestId = stream.header('requestid');
  if (requestId) return requestId;
  return String(stream.header('streamtype') === 'error' ? stream.id : stream.id - 2);
}

interface StreamPair {
  requestId: string;
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** Starts a server SPDY session on `transport` that serves port-forward streams to `target`. */
export function servePortForward(transport: Duplex, target: PortForwardTarget): SpdySession {
  const log = target.log ?? (() => undefined);
  const pairs = new Map<string, StreamPair>();
  const session = new SpdySession(transport, {
    role: 'server',
    acceptStream: (headers, streamId) => {
      const problem = streamHeadersProblem(headers);
      if (problem) log(`port-forward: refusing stream ${streamId}: ${problem}`);
      return problem === undefined;
    },
  });

  const dropPair = (pair: StreamPair): void => {
    clearTimeout(pair.timer);
    pairs.delete(pair.requestId);
  };

  session.on('stream', (stream: SpdyStream) => {
    stream.on('error', () => undefined);
    const requestId = requestIdOf(stream);
    let pair = pairs.get(requestId);
    if (!pair) {
      const created: StreamPair = {
        requestId,
        timer: setTimeout(() => {
          dropPair(created);
          const message = `(request=${requestId}) timed out waiting for streams`;
          log(`port-forward: ${message}`);
          created.error?.end(message);
          created.data?.reset();
        }, target.streamCreationTimeoutMs ?? DEFAULT_STREAM_CREATION_TIMEOUT_MS),
      };
      pair = created;
      pairs.set(requestId, pair);
    }
    const kind = stream.header('streamtype') === 'data' ? 'data' : 'error';
    if (pair[kind]) {
      const message = `error processing stream for request ${requestId}: ${kind} stream already assigned`;
      log(`port-forward: ${message}`);
      pair.error?.write(message);
      stream.reset();
      return;
    }
    pair[kind] = stream;
    const complete = pair;
    stream.once('close', () => {
      if (pairs.get(requestId) === complete && complete[kind] === stream) complete[kind] = undefined;
    });
    if (pair.data && pair.error) {
      dropPair(pair);
      forward(pair.data, pair.error, target, log).catch((error: unknown) => {
        log(`port-forward: request ${requestId} failed: ${error instanceof Error ? error.message : String(error)}`);
        complete.data?.reset();
        complete.error?.reset();
      });
    }
  });
  session.on('close', () => {
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
  });
  return session;
}

async function forward(dataStream: SpdyStream, errorStream: SpdyStream, target: PortForwardTarget, log: (message: string) => void): Promise<void> {
  const port = Number(dataStream.header('port'));
  // The client half-closes the error stream at once; reading it lets that half finish.
  errorStream.resume();
  const fail = (cause: unknown): void => {
    const message = `error forwarding port ${port} to pod ${target.podName}, uid ${target.uid}: ${describeDialError(cause)}`;
    log(`port-forward: ${message}`);
    if (!errorStream.writableEnded) errorStream.end(message);
  };

  let connection: Duplex;
  try {
    connection = await target.dial(port);
  } catch (error) {
    fail(error);
    dataStream.resume();
    dataStream.end();
    return;
  }
  if (dataStream.destroyed) {
    connection.destroy();
    errorStream.end();
    return;
  }

  let connectionError: unknown;
  connection.on('error', (error) => {
    connectionError = error;
  });
  connection.once('close', () => {
    if (connectionError !== undefined) fail(connectionError);
    else if (!errorStream.writableEnded) errorStream.end();
    if (!dataStream.writableEnded && !dataStream.destroyed) dataStream.end();
  });
  // The client reset the stream or went away: there is nobody to forward for.
  dataStream.once('close', () => {
    if (dataStream.resetStatus !== undefined) connection.destroy();
  });
  dataStream.pipe(connection);
  connection.pipe(dataStream);
}
