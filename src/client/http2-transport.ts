// The Transport over HTTP/2: one TLS session to the server, every request and watch a stream on it
// (as client-go does), so many watches cost no extra connections. The session is opened on first
// use, replaced when the server sends GOAWAY or it fails, and when the client certificate changes.
import * as http2 from 'node:http2';
import { credentialSource, type CredentialSource, type Credentials } from './credentials.js';
import type { HttpsTransportOptions } from './https-transport.js';
import type { ConnectionConfig } from './kubeconfig.js';
import { queryString, type Transport, type TransportRequest, type TransportResponse, type TransportStream } from './transport.js';

export class Http2Transport implements Transport {
  private readonly url: URL;
  private readonly credentials: CredentialSource;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private session?: { session: http2.ClientHttp2Session; identity: string };

  constructor(
    private readonly config: ConnectionConfig,
    options: Omit<HttpsTransportOptions, 'maxSockets'> = {},
  ) {
    this.url = new URL(config.server);
    if (this.url.protocol !== 'https:') throw new Error(`server ${config.server}: HTTP/2 needs an https:// URL`);
    this.credentials = options.credentials ?? credentialSource(config.auth, { clock: options.clock });
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.userAgent = options.userAgent ?? 'engenho-client';
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    return this.withReauth(async (credentials) => {
      const { stream, status, headers } = await this.open(request, credentials, this.timeoutMs);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return { status, headers, body: Buffer.concat(chunks).toString('utf8') };
    });
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    return this.withReauth(async (credentials) => {
      const { stream, status, headers } = await this.open(request, credentials, 0);
      return {
        status,
        headers,
        body: stream as AsyncIterable<Uint8Array>,
        close: () => {
          if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        },
      };
    });
  }

  close(): void {
    this.session?.session.close();
    this.session = undefined;
  }

  private async withReauth<T extends { status: number; close?: () => void }>(attempt: (credentials: Credentials) => Promise<T>): Promise<T> {
    const first = await attempt(await this.credentials.current());
    if (first.status !== 401) return first;
    first.close?.();
    this.credentials.invalidate();
    return attempt(await this.credentials.current());
  }

  private connect(credentials: Credentials): http2.ClientHttp2Session {
    const identity = `${credentials.cert ?? ''}\0${credentials.key ?? ''}`;
    const current = this.session;
    if (current !== undefined && current.identity === identity && !current.session.closed && !current.session.destroyed) return current.session;
    current?.session.close();
    const session = http2.connect(this.url.origin, {
      ca: this.config.ca,
      cert: credentials.cert,
      key: credentials.key,
      rejectUnauthorized: !this.config.insecureSkipTlsVerify,
      servername: this.config.tlsServerName ?? (/^[\d.]+$|:/.test(this.url.hostname) ? undefined : this.url.hostname),
    });
    const forget = (): void => {
      if (this.session?.session === session) this.session = undefined;
    };
    // Errors reach the streams that were open; the session itself is just dropped.
    session.on('error', forget);
    session.on('goaway', forget);
    session.on('close', forget);
    this.session = { session, identity };
    return session;
  }

  private open(
    request: TransportRequest,
    credentials: Credentials,
    timeoutMs: number,
  ): Promise<{ stream: http2.ClientHttp2Stream; status: number; headers: Record<string, string> }> {
    const session = this.connect(credentials);
    const headers: http2.OutgoingHttpHeaders = {
      [http2.constants.HTTP2_HEADER_METHOD]: request.method,
      [http2.constants.HTTP2_HEADER_PATH]: `${this.url.pathname.replace(/\/+$/, '')}${request.path}${queryString(request.query)}`,
      accept: 'application/json',
      'user-agent': this.userAgent,
    };
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    if (credentials.token !== undefined) headers.authorization = `Bearer ${credentials.token}`;
    return new Promise((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(headers, { signal: request.signal, endStream: request.body === undefined });
      } catch (error) {
        reject(error);
        return;
      }
      stream.on('error', reject);
      if (timeoutMs > 0) {
        stream.setTimeout(timeoutMs, () => stream.destroy(new Error(`${request.method} ${request.path}: no response within ${timeoutMs} ms`)));
      }
      stream.on('response', (responseHeaders) => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(responseHeaders)) {
          if (name.startsWith(':') || value === undefined) continue;
          flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
        }
        resolve({ stream, status: Number(responseHeaders[http2.constants.HTTP2_HEADER_STATUS]), headers: flat });
      });
      if (request.body !== undefined) stream.end(request.body);
    });
  }
}
