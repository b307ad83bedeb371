// The Transport over HTTPS (or plain HTTP for a server URL that says so), configured from a
// resolved kubeconfig context. HTTP/1.1 with keep-alive; watches hold one connection each.
import * as http from 'node:http';
import * as https from 'node:https';
import { credentialSource, type CredentialSource, type Credentials } from './credentials.js';
import type { Clock } from './clock.js';
import type { ConnectionConfig } from './kubeconfig.js';
import { queryString, type Transport, type TransportRequest, type TransportResponse, type TransportStream } from './transport.js';

export interface HttpsTransportOptions {
  /** Per-request timeout for non-watch calls, in ms (default 60 s). */
  timeoutMs?: number;
  userAgent?: string;
  clock?: Clock;
  /** Overrides the credentials the connection config describes. */
  credentials?: CredentialSource;
  /**
   * Connections kept for ordinary requests (default 32): a burst of concurrent calls queues for
   * these instead of paying one TLS handshake each. Watches use their own connections.
   */
  maxSockets?: number;
}

export class HttpsTransport implements Transport {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly watchAgent: http.Agent;
  private readonly credentials: CredentialSource;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(
    private readonly config: ConnectionConfig,
    options: HttpsTransportOptions = {},
  ) {
    this.url = new URL(config.server);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') {
      throw new Error(`server ${config.server}: only https:// and http:// URLs are supported`);
    }
    const secure = this.url.protocol === 'https:';
    const maxSockets = options.maxSockets ?? 32;
    this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
    // Each watch holds its connection for minutes; they must never starve ordinary requests.
    this.watchAgent = secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
    this.credentials = options.credentials ?? credentialSource(config.auth, { clock: options.clock });
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.userAgent = options.userAgent ?? 'engenho-client';
  }

  async request(request: TransportRequest): Promise<TransportResponse> {
    return this.withReauth(async (credentials) => {
      const response = await this.send(request, credentials, this.timeoutMs, this.agent);
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      return { status: response.statusCode ?? 0, headers: flatHeaders(response.headers), body: Buffer.concat(chunks).toString('utf8') };
    });
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    return this.withReauth(async (credentials) => {
      const response = await this.send(request, credentials, 0, this.watchAgent);
      return {
        status: response.statusCode ?? 0,
        headers: flatHeaders(response.headers),
        body: response as AsyncIterable<Uint8Array>,
        close: () => response.destroy(),
      };
    });
  }

  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  private async withReauth<T extends { status: number; close?: () => void }>(attempt: (credentials: Credentials) => Promise<T>): Promise<T> {
    const first = await attempt(await this.credentials.current());
    if (first.status !== 401) return first;
    first.close?.();
    this.credentials.invalidate();
    const fresh = await this.credentials.current();
    return attempt(fresh);
  }

  private send(request: TransportRequest, credentials: Credentials, timeoutMs: number, agent: http.Agent): Promise<http.IncomingMessage> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent, ...request.headers };
    if (credentials.token !== undefined) headers.authorization = `Bearer ${credentials.token}`;
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const basePath = this.url.pathname.replace(/\/+$/, '');
    const options: https.RequestOptions = {
      protocol: this.url.protocol,
      hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port || undefined,
      method: request.method,
      path: `${basePath}${request.path}${queryString(request.query)}`,
      headers,
      agent,
      signal: request.signal,
    };
    if (this.url.protocol === 'https:') {
      Object.assign(options, {
        ca: this.config.ca,
        cert: credentials.cert,
        key: credentials.key,
        rejectUnauthorized: !this.config.insecureSkipTlsVerify,
        servername: this.config.tlsServerName ?? (isIpAddress(this.url.hostname) ? undefined : this.url.hostname),
      });
    }
    const module = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = module.request(options, resolve);
      req.on('error', reject);
      // A watch may sit idle for minutes: TCP keep-alive notices a peer that vanished without a FIN.
      if (timeoutMs === 0) req.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`${request.method} ${request.path}: no response within ${timeoutMs} ms`)));
      }
      req.end(request.body);
    });
  }
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
}
