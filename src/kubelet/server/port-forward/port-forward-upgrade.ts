// Answers a `pods/portforward` upgrade the way kubectl v1.32 asks for it: first a WebSocket whose
// binary messages tunnel SPDY (subprotocol `SPDY/3.1+portforward.k8s.io`), else the classic
// `Upgrade: SPDY/3.1` with `X-Stream-Protocol-Version: portforward.k8s.io`. Either way the session
// then serves port-forward streams until the client goes away. A WebSocket offering the older
// channel protocol (`v4.channel.k8s.io`, as @kubernetes/client-node does) is served by
// websocket-channels.ts.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { refuseUpgrade } from './http-upgrade-refusal.js';
import { servePortForward, type PortForwardTarget } from './port-forward-streams.js';
import { channelPorts, serveChannelPortForward, V4_BASE64_PROTOCOL, V4_BINARY_PROTOCOL } from './websocket-channels.js';
import { WebSocketTunnel } from './websocket-tunnel.js';

export const PORT_FORWARD_PROTOCOL_V1 = 'portforward.k8s.io';
export const WEBSOCKET_TUNNEL_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL_V1}`;

export interface PortForwardUpgradeOptions {
  /** How error messages name the pod; defaults to `<name>_<namespace>` taken from the request path. */
  podName?: string;
  /** Defaults to the uid in the request path, if any. */
  uid?: string;
  streamCreationTimeoutMs?: number;
  log?(message: string): void;
}

// `ws` refuses `SPDY/3.1+portforward.k8s.io` as a subprotocol ('/' is not an RFC 7230 token
// character), so the header is taken off the request before ws sees it and the accepted subprotocol
// is added to the 101 response for the requests marked here.
const tunnelRequests = new WeakSet<IncomingMessage>();
const channelProtocols = new WeakMap<IncomingMessage, string>();
const websockets = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  handleProtocols: (_offered, req) => channelProtocols.get(req) ?? false,
});
websockets.on('headers', (headers: string[], req: IncomingMessage) => {
  if (tunnelRequests.has(req)) headers.push(`Sec-WebSocket-Protocol: ${WEBSOCKET_TUNNEL_PROTOCOL}`);
});

/** `/portForward/<ns>/<pod>[/<uid>]` (kubelet) or `/api/v1/namespaces/<ns>/pods/<pod>/portforward`. */
function podFromPath(url: string | undefined): { podName: string; uid: string } {
  const path = (url ?? '').split('?')[0]!.split('/').map((segment) => decodeURIComponent(segment));
  const kubelet = path[1] === 'portForward' && path.length >= 4;
  if (kubelet) return { podName: `${path[3]}_${path[2]}`, uid: path[4] ?? '' };
  const api = path.indexOf('namespaces');
  if (api >= 0 && path[api + 2] === 'pods' && path[api + 3]) return { podName: `${path[api + 3]}_${path[api + 1]}`, uid: '' };
  return { podName: 'unknown', uid: '' };
}

function commaList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : value ?? '';
  return joined.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

export function handlePortForwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  dial: (port: number) => Promise<Duplex>,
  options: PortForwardUpgradeOptions = {},
): void {
  const fromPath = podFromPath(req.url);
  const target: PortForwardTarget = {
    podName: options.podName ?? fromPath.podName,
    uid: options.uid ?? fromPath.uid,
    dial,
    ...(options.streamCreationTimeoutMs === undefined ? {} : { streamCreationTimeoutMs: options.streamCreationTimeoutMs }),
    ...(options.log === undefined ? {} : { log: options.log }),
  };
  socket.on('error', () => undefined);
  const upgrade = commaList(req.headers.upgrade).map((item) => item.toLowerCase());

  if (upgrade.includes('websocket')) {
    const offered = commaList(req.headers['sec-websocket-protocol']);
    if (offered.includes(WEBSOCKET_TUNNEL_PROTOCOL)) {
      tunnelRequests.add(req);
      delete req.headers['sec-websocket-protocol'];
      websockets.handleUpgrade(req, socket, head, (websocket) => {
        servePortForward(new WebSocketTunnel(websocket), target);
      });
      return;
    }
    // The channel protocol; a WebSocket without a subprotocol gets its binary form, as upstream.
    const channelProtocol = offered.find((protocol) => protocol === V4_BINARY_PROTOCOL || protocol === V4_BASE64_PROTOCOL);
    if (channelProtocol === undefined && offered.length > 0) {
      const supported = [WEBSOCKET_TUNNEL_PROTOCOL, V4_BINARY_PROTOCOL, V4_BASE64_PROTOCOL].join(', ');
      refuseUpgrade(socket, 400, `unable to upgrade: none of the offered WebSocket subprotocols ${JSON.stringify(offered)} is supported (supported: ${supported})`);
      return;
    }
    const ports = channelPorts(new URL(req.url ?? '/', 'http://kubelet.invalid').searchParams);
    if (typeof ports === 'string') {
      refuseUpgrade(socket, 400, ports);
      return;
    }
    if (channelProtocol !== undefined) channelProtocols.set(req, channelProtocol);
    websockets.handleUpgrade(req, socket, head, (websocket) => {
      serveChannelPortForward(websocket, channelProtocol === V4_BASE64_PROTOCOL, ports, target);
    });
    return;
  }

  if (!upgrade.includes('spdy/3.1')) {
    refuseUpgrade(socket, 400, `unable to upgrade: missing upgrade headers in request (want Upgrade: SPDY/3.1 or websocket, got ${JSON.stringify(req.headers.upgrade ?? '')})`);
    return;
  }
  const protocols = commaList(req.headers['x-stream-protocol-version']);
  if (protocols.length === 0) {
    refuseUpgrade(socket, 400, 'unable to upgrade: X-Stream-Protocol-Version is required');
    return;
  }
  if (!protocols.includes(PORT_FORWARD_PROTOCOL_V1)) {
    refuseUpgrade(
      socket,
      403,
      `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(protocols)}, server accepts ["${PORT_FORWARD_PROTOCOL_V1}"]`,
      { 'X-Accepted-Stream-Protocol-Versions': PORT_FORWARD_PROTOCOL_V1 },
    );
    return;
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      'Upgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL_V1}\r\n\r\n`,
  );
  if (head.length > 0) socket.unshift(head);
  servePortForward(socket, target);
}
