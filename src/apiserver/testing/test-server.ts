// An in-process API server for tests: a fresh CA, serving and client certificates, a memory store
// (or one given), a random port on 127.0.0.1, and small HTTPS/HTTP2 request helpers.
import { connect, constants } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { createCertificateAuthority, issueClientCertificate, issueServingCertificate, serverUrl, writeKubeconfig, type CertificateAuthority } from '../../pki/index.js';
import type { Store } from '../../store/types.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../index.js';
import { createMemoryStore } from './memory-store.js';

export interface Identity {
  cert: string;
  key: string;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Client identity; `null` sends no certificate. Default: the admin. */
  as?: Identity | null;
}

export interface TestServer {
  server: ApiServer;
  port: number;
  store: Store;
  ca: string;
  admin: Identity;
  identity(user: string, groups?: string[]): Promise<Identity>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  http2(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /** Opens a watch over HTTP/1.1 (or HTTP/2) and collects its events as they arrive. */
  watch(path: string, options?: { http2?: boolean; headers?: Record<string, string> }): Promise<WatchStream>;
  /** Writes an admin kubeconfig for this server at `path` (for kubectl). */
  writeKubeconfig(path: string): void;
  close(): Promise<void>;
}

export interface WatchStream {
  status: number;
  events: { type: string; object: any }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Resolves once `count` events arrived (or the stream ended). */
  next(count: number): Promise<{ type: string; object: any }[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
  ended: Promise<void>;
  close(): void;
}

function lineCollector() {
  const events: { type: string; object: unknown }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let buffer = '';
  let done = false;
  const flush = () => {
    for (const waiter of [...waiters]) {
      if (events.length >= waiter.count || done) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  return {
    events,
    push(chunk: Buffer) {
      buffer += chunk.toString('utf8');
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim() !== '') events.push(JSON.parse(line));
      }
      flush();
    },
    end() {
      done = true;
      flush();
    },
    next(count: number) {
      return new Promise<typeof events>((resolve) => {
        waiters.push({ count, resolve: () => resolve(events.slice(0, count)) });
        flush();
      });
    },
  };
}

let sharedCa: Promise<{ ca: CertificateAuthority; serving: { certPem: string; keyPem: string }; admin: Identity }> | undefined;

function material() {
  sharedCa ??= (async () => {
    const ca = await createCertificateAuthority({ commonName: 'engenho-test-ca' });
    const serving = await issueServingCertificate(ca, { commonName: 'engenho-apiserver', subjectAltNames: ['127.0.0.1', 'localhost'] });
    const admin = await issueClientCertificate(ca, { commonName: 'kubernetes-admin', organizations: ['system:masters'] });
    return { ca, serving, admin: { cert: admin.certPem, key: admin.keyPem } };
  })();
  return sharedCa;
}

const encodeBody = (options: RequestOptions | undefined): Buffer | undefined => {
  if (options?.body === undefined) return undefined;
  return Buffer.from(typeof options.body === 'string' || Buffer.isBuffer(options.body) ? (options.body as string) : JSON.stringify(options.body));
};

const parse = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export async function startTestServer(overrides: Partial<ApiServerOptions> & { store?: Store } = {}): Promise<TestServer> {
  const { ca, serving, admin } = await material();
  const store = overrides.store ?? createMemoryStore();
  const server = await startApiServer({
    ...overrides,
    store,
    host: '127.0.0.1',
    port: 0,
    tls: { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem },
  });
  const headersFor = (options: RequestOptions | undefined, body: Buffer | undefined) => ({
    ...(body !== undefined ? { 'content-type': options?.contentType ?? 'application/json', 'content-length': String(body.length) } : {}),
    ...options?.headers,
  });
  const identityOf = (options: RequestOptions | undefined) => (options?.as === undefined ? admin : options.as);

  return {
    server,
    port: server.port,
    store,
    ca: ca.certPem,
    admin,
    writeKubeconfig(path) {
      writeKubeconfig(path, {
        clusterName: 'engenho-test',
        server: serverUrl('127.0.0.1', server.port),
        caPem: ca.certPem,
        userName: 'admin',
        clientCertPem: admin.cert,
        clientKeyPem: admin.key,
      });
    },
    async identity(user, groups = []) {
      const issued = await issueClientCertificate(ca, { commonName: user, organizations: groups });
      return { cert: issued.certPem, key: issued.keyPem };
    },
    request(method, path, options) {
      const body = encodeBody(options);
      const identity = identityOf(options);
      return new Promise((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port: server.port,
            method,
            path,
            ca: ca.certPem,
            cert: identity?.cert,
            key: identity?.key,
            headers: headersFor(options, body),
            agent: false,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    http2(method, path, options) {
      const body = encodeBody(options);
      const identity = identityOf(options);
      return new Promise((resolve, reject) => {
        const session = connect(`https://127.0.0.1:${server.port}`, { ca: ca.certPem, cert: identity?.cert, key: identity?.key });
        session.on('error', reject);
        const stream = session.request({ [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path, ...headersFor(options, body) });
        let status = 0;
        let headers: Record<string, string | string[] | undefined> = {};
        stream.on('response', (h) => {
          status = Number(h[':status']);
          headers = h as Record<string, string | string[] | undefined>;
        });
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          session.close();
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status, headers, text, json: parse(text) });
        });
        stream.on('error', reject);
        stream.end(body);
      });
    },
    watch(path, options) {
      const collector = lineCollector();
      let endResolve: () => void = () => {};
      const ended = new Promise<void>((resolve) => (endResolve = resolve));
      const finish = () => {
        collector.end();
        endResolve();
      };
      if (options?.http2) {
        return new Promise((resolve, reject) => {
          const session = connect(`https://127.0.0.1:${server.port}`, { ca: ca.certPem, cert: admin.cert, key: admin.key });
          session.on('error', reject);
          const stream = session.request({ [constants.HTTP2_HEADER_PATH]: path, ...options?.headers });
          stream.on('response', (h) => {
            resolve({ status: Number(h[':status']), events: collector.events as never, next: collector.next as never, ended, close: () => { stream.close(); session.close(); } });
          });
          stream.on('data', (c: Buffer) => collector.push(c));
          stream.on('end', () => { finish(); session.close(); });
          stream.on('close', finish);
          stream.on('error', () => finish());
        });
      }
      return new Promise((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port: server.port, path, ca: ca.certPem, cert: admin.cert, key: admin.key, agent: false, headers: options?.headers }, (res) => {
          res.on('data', (c: Buffer) => collector.push(c));
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', () => finish());
          resolve({ status: res.statusCode ?? 0, events: collector.events as never, next: collector.next as never, ended, close: () => req.destroy() });
        });
        req.on('error', (error) => { finish(); reject(error); });
        req.end();
      });
    },
    close: () => server.close(),
  };
}
