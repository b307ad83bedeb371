// Who may use the kubelet's endpoint: a client certificate signed by the cluster CA (the TLS layer
// checks the chain; requestCert without rejectUnauthorized so a stranger gets a 401, not a TLS
// alert) whose subject is the API server's kubelet client: O=system:masters or
// CN=kube-apiserver-kubelet-client. Everyone else with a valid certificate gets upstream's 403.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';
export const MASTERS_GROUP = 'system:masters';

export type ClientCheck = { allowed: true; user: string } | { allowed: false; code: 401 | 403; message: string };

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The subresource upstream's kubelet authorizes these paths as (nodes/proxy for logs, exec, port-forward). */
function verbOf(method: string | undefined): string {
  return method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'DELETE' ? 'delete' : 'get';
}

export function checkClient(req: IncomingMessage): ClientCheck {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function' || socket.authorized !== true) return { allowed: false, code: 401, message: 'Unauthorized' };
  const subject = socket.getPeerCertificate()?.subject;
  const user = asList(subject?.CN)[0] ?? '';
  if (user === '') return { allowed: false, code: 401, message: 'Unauthorized' };
  if (user === KUBELET_CLIENT_USER || asList(subject?.O).includes(MASTERS_GROUP)) return { allowed: true, user };
  return { allowed: false, code: 403, message: `Forbidden (user=${user}, verb=${verbOf(req.method)}, resource=nodes, subresource(s)=[proxy])` };
}
