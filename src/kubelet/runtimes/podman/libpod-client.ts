// A small client for Podman's libpod REST API over its unix socket: JSON calls, streamed responses
// (logs, events) and hijacked connections (exec start), with no dependency beyond node:http.
import { request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** An error answer from the libpod API (status >= 400), with podman's own message. */
export class LibpodError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'LibpodError';
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export class LibpodClient {
  constructor(
    readonly socketPath: string,
    /** The API version in every path; 4.0.0 is understood by every podman 4.x and 5.x. */
    private readonly apiVersion = 'v4.0.0',
  ) {}

  /** A call whose answer is JSON (or empty: 204 gives undefined). */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.stream(method, path, options);
    const text = await readAll(response);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** A call whose answer is read as a stream; rejects with LibpodError on an error status. */
  stream(method: string, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const req = request(
        {
          socketPath: this.socketPath,
          method,
          path: this.path(path, options.query),
          headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          signal: options.signal,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status < 400) return resolve(response);
          readAll(response).then((text) => reject(errorFrom(status, text, `${method} ${path}`)), reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A POST answered with `101 UPGRADED`: the raw connection, both ways (exec start). */
  upgrade(path: string, body: unknown): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = request({
        socketPath: this.socketPath,
        method: 'POST',
        path: this.path(path),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), connection: 'Upgrade', upgrade: 'tcp' },
      });
      req.on('upgrade', (_response, socket, head) => {
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
      });
      req.on('response', (response) => {
        readAll(response).then((answer) => reject(errorFrom(response.statusCode ?? 0, answer, `POST ${path}`)), reject);
      });
      req.on('error', reject);
      req.end(text);
    });
  }

  private path(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `/${this.apiVersion}/libpod${path}${search === '' ? '' : `?${search}`}`;
  }
}

export function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function errorFrom(status: number, text: string, what: string): LibpodError {
  try {
    const answer = JSON.parse(text) as { message?: string; cause?: string };
    return new LibpodError(status, answer.message ?? `${what}: HTTP ${status}`, answer.cause);
  } catch {
    return new LibpodError(status, `${what}: HTTP ${status}${text ? `: ${text.trim()}` : ''}`);
  }
}
