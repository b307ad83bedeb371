// A minimal HTTP/2 client for the API benchmark: one session per simulated client, JSON in and out,
// latency measured per request. Kept apart from src/client so the benchmark measures the server.
import { connect, constants, type ClientHttp2Session } from 'node:http2';

export interface TlsIdentity {
  ca: string;
  cert: string;
  key: string;
}

export interface Response {
  status: number;
  body: string;
}

export class BenchClient {
  private readonly session: ClientHttp2Session;

  constructor(url: string, tls: TlsIdentity) {
    this.session = connect(url, { ca: tls.ca, cert: tls.cert, key: tls.key });
    this.session.on('error', () => undefined);
  }

  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = contentType;
      const stream = this.session.request(headers);
      let status = 0;
      const chunks: Buffer[] = [];
      stream.on('response', (h) => (status = Number(h[constants.HTTP2_HEADER_STATUS])));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString() }));
      stream.on('error', reject);
      stream.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  /** Opens a watch and calls `onEvent` per event line; returns a function that closes it. */
  watch(path: string, onEvent: (line: string) => void): () => void {
    const stream = this.session.request({ [constants.HTTP2_HEADER_METHOD]: 'GET', [constants.HTTP2_HEADER_PATH]: path, accept: 'application/json' });
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim() !== '') onEvent(line);
        newline = buffered.indexOf('\n');
      }
    });
    stream.on('error', () => undefined);
    return () => stream.close();
  }

  close(): void {
    this.session.close();
  }
}

/** p-th percentile (0..100) of already measured values, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Measured {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs `total` operations over `concurrency` workers; each op's latency is recorded. */
export async function measure(total: number, concurrency: number, op: (index: number, worker: number) => Promise<void>): Promise<Measured> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = next++; index < total; index = next++) {
        const t0 = performance.now();
        await op(index, worker);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { opsPerSecond: total / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
