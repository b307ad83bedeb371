// The kubelet's HTTPS endpoint (logs, exec, port-forward for the API server). Design: docs/kubelet.md.
export { startKubeletServer, type KubeletServer, type KubeletServerOptions } from './kubelet-server.js';
export { KUBELET_CLIENT_USER } from './client-auth.js';
export type { LocalPods } from './local-pods.js';
export { EXEC_SUBPROTOCOLS } from './exec-channels.js';
