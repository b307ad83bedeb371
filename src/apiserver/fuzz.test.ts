// Thousands of random and mutated requests against an in-process server: no answer may be a 5xx,
// every error must be a metav1.Status with the matching code, and the server must still serve after.
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTS, CONTENT_TYPES, pick, randomBody, randomPath, randomQuery, seededRng } from './testing/fuzz-inputs.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const REQUESTS = 3000;
const IN_FLIGHT = 24;
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'PUT', 'PATCH', 'PATCH', 'PATCH', 'DELETE', 'DELETE', 'HEAD', 'OPTIONS', 'PURGE'];

let t: TestServer;
let session: ClientHttp2Session;

beforeAll(async () => {
  t = await startTestServer();
  session = connect(`https://127.0.0.1:${t.port}`, { ca: t.ca, cert: t.admin.cert, key: t.admin.key });
  await t.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'fuzz' } } });
});
afterAll(async () => {
  session.close();
  await t.close();
});

interface Outcome {
  status: number;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body: string | Buffer | undefined): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path, ...headers }, { endStream: body === undefined });
    let status = 0;
    const chunks: Buffer[] = [];
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.on('data', (c: Buffer) => {
      chunks.push(c);
      // A watch that answered 200 stays open until its timeout: its head is all we check.
      if (status === 200 && (path.includes('watch') || path.includes('/watch/'))) stream.close();
    });
    const timer = setTimeout(() => {
      stream.close();
      resolve({ status: -1, body: 'no complete answer within 10s' });
    }, 10_000);
    stream.on('close', () => {
      clearTimeout(timer);
      resolve({ status, body: Buffer.concat(chunks).toString('utf8') });
    });
    stream.on('error', reject);
    if (body !== undefined) stream.end(body);
  });
}

describe('fuzz', () => {
  it(`answers ${REQUESTS} random requests without a 5xx`, async () => {
    const rng = seededRng(Number(process.env.FUZZ_SEED ?? 20260101));
    const failures: string[] = [];
    const codes = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        next++;
        const method = pick(rng, METHODS);
        let path = randomPath(rng);
        // Creates go to collections most of the time, so bodies reach the handlers.
        if (method === 'POST' && rng() < 0.7) path = path.replace(/\/fz(-\d)?$/, '');
        const query = randomQuery(rng, path.includes('/watch'));
        const body = method === 'GET' || method === 'HEAD' ? undefined : randomBody(rng, path);
        const headers: Record<string, string> = {};
        const sensible = rng() < 0.6;
        const contentType = sensible ? (method === 'PATCH' ? pick(rng, CONTENT_TYPES.filter((type) => type.includes("patch"))) : 'application/json') : pick(rng, CONTENT_TYPES);
        if (contentType !== '') headers['content-type'] = contentType;
        const accept = sensible ? pick(rng, ACCEPTS.slice(0, 2)) : pick(rng, ACCEPTS);
        if (accept !== '') headers.accept = accept;
        if (rng() < 0.05) headers['user-agent'] = pick(rng, ['', 'kubectl/v1.32.0 (linux/amd64)', '\u00ff'.repeat(10)]);
        const outcome = await send(method, `${path}${query}`, headers, body);
        codes.set(outcome.status, (codes.get(outcome.status) ?? 0) + 1);
        const describe = `${method} ${path}${query} [${contentType}] ${String(body ?? '').slice(0, 200)} -> ${outcome.status} ${outcome.body.slice(0, 300)}`;
        if (outcome.status === 504 && (outcome.body.includes('ResourceVersionTooLarge') || method === 'HEAD')) continue; // upstream's answer for a future resourceVersion
        if (outcome.status >= 500 || outcome.status <= 0) failures.push(describe);
        else if (outcome.status >= 400 && method !== 'HEAD' && !path.startsWith('/livez') && !path.startsWith('/readyz') && !path.startsWith('/healthz')) {
          let status: { kind?: string; code?: number } | undefined;
          try {
            status = JSON.parse(outcome.body);
          } catch {
            status = undefined;
          }
          if (status?.kind !== 'Status' || status.code !== outcome.status) failures.push(`not a Status: ${describe}`);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    if (process.env.FUZZ_SEED !== undefined) console.log(JSON.stringify([...codes.entries()].sort()));
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...codes.keys()].some((code) => code >= 200 && code < 300)).toBe(true);
    const health = await t.request('GET', '/readyz');
    expect([health.status, health.text]).toEqual([200, 'ok']);
    const created = await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'after-fuzz' } } });
    expect(created.status).toBe(201);
  });
});
