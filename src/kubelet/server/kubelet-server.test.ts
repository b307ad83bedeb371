// The kubelet endpoint and the API server's upgrade proxy at the protocol level: who may connect,
// the containerLogs and exec answers, and the WebSocket channels (tty and resize, v4 and v3
// statuses) that kubectl alone cannot show.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Node, Pod } from '../../api/index.js';
import { createCertificateAuthority, issueClientCertificate } from '../../pki/index.js';
import { startStreamCluster, type StreamCluster } from './testing/stream-cluster.js';

let c: StreamCluster;
type Credentials = { cert?: string; key?: string };

beforeAll(async () => {
  c = await startStreamCluster();
  await c.runPod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shell', namespace: 'default' }, spec: { nodeName: 'exec-node-0', containers: [{ name: 'app', image: 'busybox' }] } });
});
afterAll(async () => {
  await c?.stop();
});

const kubeletClient = (): Credentials => ({ cert: c.kubeletClient.certPem, key: c.kubeletClient.keyPem });
const admin = (): Credentials => ({ cert: c.certificates.admin.certPem, key: c.certificates.admin.keyPem });

function get(port: number, path: string, credentials: Credentials, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, ca: c.certificates.ca.certPem, ...credentials, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface ExecOutcome {
  protocol: string;
  frames: { channel: number; text: string }[];
  closeCode: number;
}

/** Opens a WebSocket exec, sends `send` (channel, payload) frames once open, and collects everything until close. */
function wsExec(url: string, credentials: Credentials, protocols: string[], send: [number, string][] = []): Promise<ExecOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { ca: c.certificates.ca.certPem, ...credentials });
    const frames: ExecOutcome['frames'] = [];
    ws.on('open', () => {
      for (const [channel, payload] of send) ws.send(Buffer.concat([Buffer.of(channel), Buffer.from(payload)]));
    });
    ws.on('message', (data: Buffer) => frames.push({ channel: data[0], text: data.subarray(1).toString('utf8') }));
    ws.on('close', (closeCode) => resolve({ protocol: ws.protocol, frames, closeCode }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => reject(new Error(`${res.statusCode} ${body}`)));
    });
    ws.on('error', reject);
  });
}

const joined = (outcome: ExecOutcome, channel: number) => outcome.frames.filter((f) => f.channel === channel).map((f) => f.text).join('');

describe('who may use the kubelet endpoint', () => {
  it('serves the API server (kubelet-client certificate) and system:masters, and refuses everyone else', async () => {
    const port = c.kubelet.port;
    expect(await get(port, '/healthz', kubeletClient())).toEqual({ status: 200, body: 'ok\n' });
    expect(await get(port, '/healthz', admin())).toEqual({ status: 200, body: 'ok\n' });
    expect(await get(port, '/healthz', {})).toEqual({ status: 401, body: 'Unauthorized\n' });
    const stranger = await createCertificateAuthority();
    const foreign = await issueClientCertificate(stranger, { commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'] });
    expect(await get(port, '/healthz', { cert: foreign.certPem, key: foreign.keyPem })).toEqual({ status: 401, body: 'Unauthorized\n' });
    const jane = await issueClientCertificate(c.certificates.ca, { commonName: 'jane', organizations: ['developers'] });
    expect(await get(port, '/containerLogs/default/shell/app', { cert: jane.certPem, key: jane.keyPem })).toEqual({
      status: 403,
      body: 'Forbidden (user=jane, verb=get, resource=nodes, subresource(s)=[proxy])\n',
    });
    await expect(wsExec(`wss://127.0.0.1:${port}/exec/default/shell/app?command=true&output=1`, {}, ['v5.channel.k8s.io'])).rejects.toThrow('401 Unauthorized\n');
  });

  it('advertises its port in every node status', async () => {
    const nodes = await c.client.resource<Node>('v1', 'nodes').list();
    expect(nodes.items.map((node) => [node.metadata?.name, node.status?.daemonEndpoints])).toEqual([
      ['engenho-node-0', { kubeletEndpoint: { Port: c.kubelet.port } }],
      ['engenho-node-1', { kubeletEndpoint: { Port: c.kubelet.port } }],
      ['exec-node-0', { kubeletEndpoint: { Port: c.kubelet.port } }],
    ]);
  });
});

describe('containerLogs', () => {
  it('streams the log and answers bad requests in plain text as upstream', async () => {
    const port = c.kubelet.port;
    expect(await get(port, '/containerLogs/default/shell/app?tailLines=1', kubeletClient())).toEqual({
      status: 200,
      body: 'sim: container app started (image docker.io/library/busybox:latest)\n',
    });
    expect(await get(port, '/containerLogs/default/nope/app', kubeletClient())).toEqual({ status: 404, body: 'pod "nope" does not exist\n' });
    expect(await get(port, '/containerLogs/default/shell/web', kubeletClient())).toEqual({ status: 404, body: 'container "web" not found in pod "shell"\n' });
    expect(await get(port, '/containerLogs/default/shell/app?tailLines=-1', kubeletClient())).toEqual({ status: 400, body: 'tailLines: expected an integer >= 0, got "-1"\n' });
    expect(await get(port, '/containerLogs/default/shell/app?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z', kubeletClient())).toEqual({
      status: 400,
      body: 'at most one of sinceTime or sinceSeconds may be specified\n',
    });
    expect(await get(port, '/nothing/here', kubeletClient())).toEqual({ status: 404, body: '404 page not found\n' });
  });
});

describe('exec over WebSocket', () => {
  it('runs with a terminal through the API server: stdin, resize, stderr merged into stdout, Success', async () => {
    const query = 'command=sh&command=-c&command=read%20line%3B%20echo%20%22got%20%24line%22%20%3E%262&stdin=true&stdout=true&tty=true';
    const outcome = await wsExec(`wss://127.0.0.1:${c.api.port}/api/v1/namespaces/default/pods/shell/exec?${query}`, admin(), ['v5.channel.k8s.io'], [
      [4, '{"Width":100,"Height":40}'],
      [0, 'abc\n'],
      [255, '\u0000'],
    ]);
    expect([outcome.protocol, joined(outcome, 1), joined(outcome, 2), JSON.parse(joined(outcome, 3)), outcome.closeCode]).toEqual([
      'v5.channel.k8s.io',
      'got abc\n',
      '',
      { metadata: {}, status: 'Success' },
      1000,
    ]);
    expect(c.execRuntime.resizes.at(-1)).toMatchObject({ width: 100, height: 40 });
    expect(c.execRuntime.execs.at(-1)?.options).toEqual({ command: ['sh', '-c', 'read line; echo "got $line" >&2'], stdin: true, stdout: true, stderr: false, tty: true });
  });

  it('writes a non-zero exit as upstream: a NonZeroExitCode Status in v4, the bare message in v3', async () => {
    const url = `wss://127.0.0.1:${c.kubelet.port}/exec/default/shell/app?command=sh&command=-c&command=exit%205&output=1&error=1`;
    const v4 = await wsExec(url, kubeletClient(), ['v4.channel.k8s.io']);
    expect([v4.protocol, JSON.parse(joined(v4, 3))]).toEqual([
      'v4.channel.k8s.io',
      {
        metadata: {},
        status: 'Failure',
        message: 'command terminated with non-zero exit code: error executing command [sh -c exit 5], exit code 5',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '5' }] },
      },
    ]);
    const v3 = await wsExec(url, kubeletClient(), ['v3.channel.k8s.io']);
    expect([v3.protocol, joined(v3, 3)]).toEqual(['v3.channel.k8s.io', 'command terminated with non-zero exit code: error executing command [sh -c exit 5], exit code 5']);
  });

  it('refuses what it cannot serve with a Status', async () => {
    const base = `wss://127.0.0.1:${c.kubelet.port}/exec/default/shell/app`;
    await expect(wsExec(`${base}?command=true&output=1`, kubeletClient(), ['v2.channel.k8s.io'])).rejects.toThrow(
      '"message":"unable to upgrade: none of the offered subprotocols [v2.channel.k8s.io] is supported (v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io)"',
    );
    await expect(wsExec(`${base}?output=1`, kubeletClient(), ['v5.channel.k8s.io'])).rejects.toThrow('"message":"you must specify at least one command for the container"');
    await expect(wsExec(`${base}?command=true`, kubeletClient(), ['v5.channel.k8s.io'])).rejects.toThrow('"message":"you must specify at least 1 of stdin, stdout, stderr"');
  });
});

describe('the API server on pods/exec without an upgrade', () => {
  it('answers 400 Upgrade request required, 401 without credentials, and serves other upgrade requests normally', async () => {
    const exec = '/api/v1/namespaces/default/pods/shell/exec?command=true&stdout=true';
    const plain = await get(c.api.port, exec, admin());
    expect([plain.status, JSON.parse(plain.body).message]).toEqual([400, 'Upgrade request required']);
    await expect(wsExec(`wss://127.0.0.1:${c.api.port}${exec}`, {}, ['v5.channel.k8s.io'])).rejects.toThrow('401 {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');
    const other = await get(c.api.port, '/api/v1/namespaces/default/pods/shell', admin(), { connection: 'Upgrade', upgrade: 'websocket' });
    expect([other.status, (JSON.parse(other.body) as Pod).metadata?.name]).toEqual([200, 'shell']);
    const post = await get(c.api.port, '/api/v1/namespaces/default/pods', admin(), { connection: 'Upgrade', upgrade: 'websocket' }, 'POST');
    expect([post.status, JSON.parse(post.body).message]).toEqual([400, 'POST /api/v1/namespaces/default/pods cannot be upgraded']);
  });
});
