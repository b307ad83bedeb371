// The in-process transport: the same handler chain as HTTPS (serveRequest) without sockets, as a
// given identity. Structurally the client's Transport (src/client/transport.ts) — the API server does
// not import the client; the CLI hands this to `new Client(transport)` for in-process components.
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { ApiContext, UserInfo } from './context.js';
import { PREREAD_BODY } from './http/body.js';
import type { ApiRequest, ApiResponse } from './http/types.js';
import { serveRequest } from './server.js';

type QueryValue = string | number | boolean | undefined;

export interface InProcessRequest {
  method: string;
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface InProcessResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface InProcessStream {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<string>;
  close(): void;
}

/** Collects what a handler writes, with the few ServerResponse members the handlers use. */
class CapturedResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  headers: Record<string, string> = {};
  private readonly chunks: string[] = [];
  private wake: (() => void) | undefined;
  readonly head: Promise<void>;
  private headReady!: () => void;

  constructor() {
    super();
    this.head = new Promise((resolve) => (this.headReady = resolve));
  }

  writeHead(code: number, headers?: Record<string, string | undefined>): this {
    this.statusCode = code;
    for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) this.headers[name.toLowerCase()] = String(value);
    this.headersSent = true;
    this.headReady();
    return this;
  }

  flushHeaders(): void {
    if (!this.headersSent) this.writeHead(this.statusCode);
  }

  write(chunk: string | Uint8Array): boolean {
    if (!this.headersSent) this.writeHead(this.statusCode);
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    this.wake?.();
    return true;
  }

  end(chunk?: string | Uint8Array): this {
    if (this.writableEnded) return this;
    if (chunk !== undefined && chunk !== '') this.write(chunk);
    if (!this.headersSent) this.writeHead(this.statusCode);
    this.writableEnded = true;
    this.wake?.();
    this.emit('finish');
    return this;
  }

  /** The consumer went away (watch closed): handlers stop as on a dropped connection. */
  abort(): void {
    if (this.writableEnded) return;
    this.writableEnded = true;
    this.wake?.();
    this.emit('close');
  }

  async *drain(): AsyncIterable<string> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk !== undefined) {
        yield chunk;
        continue;
      }
      if (this.writableEnded) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  text(): string {
    return this.chunks.join('');
  }
}

function toUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

function start(ctx: ApiContext, user: UserInfo, request: InProcessRequest): CapturedResponse {
  const body = request.body === undefined ? [] : [Buffer.from(request.body)];
  const req = Object.assign(Readable.from(body), {
    method: request.method,
    url: toUrl(request.path, request.query),
    headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    httpVersionMajor: 2,
    // readBody takes it as is instead of iterating the stream.
    [PREREAD_BODY]: body[0] ?? Buffer.alloc(0),
  });
  if (request.body !== undefined && req.headers['content-type'] === undefined) req.headers['content-type'] = 'application/json';
  const res = new CapturedResponse();
  request.signal?.addEventListener('abort', () => res.abort(), { once: true });
  void serveRequest(ctx, req as unknown as ApiRequest, res as unknown as ApiResponse, user);
  return res;
}

export function createInProcessTransport(ctx: ApiContext, user: UserInfo) {
  return {
    async request(request: InProcessRequest): Promise<InProcessResponse> {
      const res = start(ctx, user, request);
      if (!res.writableEnded) await new Promise((resolve) => res.once('finish', resolve).once('close', resolve));
      return { status: res.statusCode, headers: res.headers, body: res.text() };
    },
    async stream(request: InProcessRequest): Promise<InProcessStream> {
      const res = start(ctx, user, request);
      await res.head;
      return { status: res.statusCode, headers: res.headers, body: res.drain(), close: () => res.abort() };
    },
    close(): void {},
  };
}
