// Public face of the kubelet's port-forward endpoint: SPDY/3.1 (raw or tunnelled in a WebSocket)
// carrying the portforward.k8s.io protocol.
export { handlePortForwardUpgrade, PORT_FORWARD_PROTOCOL_V1, WEBSOCKET_TUNNEL_PROTOCOL } from './port-forward-upgrade.js';
export type { PortForwardUpgradeOptions } from './port-forward-upgrade.js';
export { servePortForward, streamHeadersProblem } from './port-forward-streams.js';
export type { PortForwardTarget } from './port-forward-streams.js';
export { SpdySession } from './spdy-session.js';
export type { SpdySessionOptions } from './spdy-session.js';
export { SpdyStream } from './spdy-stream.js';
