// The NodeConnector of a real cluster: HTTPS to each node's kubelet endpoint (upstream's
// :10250/containerLogs/..., and raw TLS connections for the upgrade proxy), authenticated with
// the API server's kubelet-client certificate and checking the kubelet's serving certificate
// against the cluster CA. Where a node's kubelet listens comes from `resolve`.
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { badRequest, failureStatus, type StatusError } from '../machinery/index.js';
import type { ApiContext } from './context.js';
import { ResourceStorage } from './storage/resource-storage.js';
import type { NodeConnector, PodLogRequest } from './node-connector.js';

export interface KubeletAddress {
  host: string;
  port: number;
}

export interface KubeletConnectorOptions {
  /** The cluster CA (verifies kubelets) and the API server's client certificate and key. */
  tls: { ca: string; cert: string; key: string };
  resolve(nodeName: string): Promise<KubeletAddress>;
  /** How long to wait for a kubelet to accept a connection (default 30 s, upstream's dial timeout). */
  connectTimeoutMs?: number;
}

export function containerLogsPath(request: PodLogRequest): string {
  const query = new URLSearchParams();
  if (request.follow) query.set('follow', 'true');
  if (request.previous) query.set('previous', 'true');
  if (request.timestamps) query.set('timestamps', 'true');
  if (request.tailLines !== undefined) query.set('tailLines', String(request.tailLines));
  if (request.limitBytes !== undefined) query.set('limitBytes', String(request.limitBytes));
  if (request.sinceSeconds !== undefined) query.set('sinceSeconds', String(request.sinceSeconds));
  if (request.sinceTime !== undefined) query.set('sinceTime', request.sinceTime);
  const path = [request.namespace, request.pod, request.container].map(encodeURIComponent).join('/');
  const text = query.toString();
  return `/containerLogs/${path}${text === '' ? '' : `?${text}`}`;
}

/** A kubelet's refusal as the Status the API server answers with (its text becomes the message). */
export function kubeletFailure(code: number, body: string): StatusError {
  const message = body.trim() || `the kubelet answered ${code}`;
  if (code === 400) return badRequest(message);
  if (code === 404) return failureStatus(404, 'NotFound', message);
  if (code === 401 || code === 403) return failureStatus(502, 'InternalError', `the kubelet refused the API server's credentials: ${message}`);
  return failureStatus(code >= 400 && code < 600 ? code : 502, 'InternalError', message);
}

function unreachable(nodeName: string, address: KubeletAddress, error: unknown): StatusError {
  const why = error instanceof Error ? error.message : String(error);
  return failureStatus(503, 'ServiceUnavailable', `cannot reach the kubelet of node ${nodeName} at ${address.host}:${address.port}: ${why}`);
}

async function readBody(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    text += String(chunk);
    if (text.length > 64 * 1024) break;
  }
  return text;
}

export function createKubeletConnector(options: KubeletConnectorOptions): NodeConnector {
  const { ca, cert, key } = options.tls;
  const timeout = options.connectTimeoutMs ?? 30_000;
  return {
    async podLogs(request) {
      const address = await options.resolve(request.nodeName);
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpsRequest(
          { host: address.host, port: address.port, path: containerLogsPath(request), method: 'GET', ca, cert, key, signal: request.signal, timeout },
          (res) => {
            // The timeout guards the connection only: a followed log may stay quiet for hours.
            req.setTimeout(0);
            resolve(res);
          },
        );
        req.on('timeout', () => req.destroy(new Error('timed out connecting')));
        req.on('error', (error) => reject(request.signal.aborted ? error : unreachable(request.nodeName, address, error)));
        req.end();
      });
      if (res.statusCode !== 200) throw kubeletFailure(res.statusCode ?? 502, await readBody(res));
      res.on('error', () => undefined);
      return res;
    },
    async connect(nodeName) {
      const address = await options.resolve(nodeName);
      return new Promise<Duplex>((resolve, reject) => {
        const socket = tlsConnect({ host: address.host, port: address.port, ca, cert, key, ALPNProtocols: ['http/1.1'], timeout });
        socket.once('secureConnect', () => {
          socket.setTimeout(0);
          resolve(socket);
        });
        socket.once('timeout', () => socket.destroy(new Error('timed out connecting')));
        socket.once('error', (error) => reject(unreachable(nodeName, address, error)));
      });
    },
  };
}

/** Where a Node's kubelet listens, from the Node object: its InternalIP and status.daemonEndpoints port. */
export function kubeletAddressOfNode(node: { status?: { addresses?: { type?: string; address?: string }[]; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } }, nodeName: string): KubeletAddress {
  const addresses = node.status?.addresses ?? [];
  const host = (addresses.find((a) => a.type === 'InternalIP') ?? addresses.find((a) => a.type === 'ExternalIP') ?? addresses.find((a) => a.type === 'Hostname'))?.address;
  if (!host) throw badRequest(`node ${nodeName} reports no address for its kubelet`);
  return { host, port: node.status?.daemonEndpoints?.kubeletEndpoint?.Port || 10250 };
}

/**
 * Resolves nodes this process runs to its own kubelet endpoint (127.0.0.1:`localPort()`), any
 * other from its Node object (a remote agent).
 */
export function kubeletAddressResolver(ctx: ApiContext, local?: { isLocal(nodeName: string): boolean; port(): number }): (nodeName: string) => Promise<KubeletAddress> {
  return async (nodeName) => {
    if (local?.isLocal(nodeName)) return { host: '127.0.0.1', port: local.port() };
    const nodes = ctx.served.find('', 'v1', 'nodes');
    if (nodes === undefined) throw badRequest('nodes are not served');
    const { object } = await new ResourceStorage(ctx.store, nodes).get(undefined, nodeName);
    return kubeletAddressOfNode(object as Parameters<typeof kubeletAddressOfNode>[0], nodeName);
  };
}
