// Authentication by client certificate: the TLS layer verifies the chain against the cluster CA
// (requestCert, but rejectUnauthorized false so a missing or bad certificate gets a Status 401
// instead of a TLS alert). The user is the certificate's CN, the groups its O entries.
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from './context.js';
import type { ApiRequest } from './http/types.js';

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The client certificate cannot change within a TLS connection, so its user is worked out once per
 * connection (per HTTP/2 session, or per HTTP/1.1 socket): getPeerCertificate() is costly.
 */
const usersByConnection = new WeakMap<object, { user: UserInfo | undefined }>();

export function authenticate(req: ApiRequest): UserInfo | undefined {
  const connection = (req as { stream?: { session?: object } }).stream?.session ?? req.socket;
  if (connection === undefined || connection === null) return undefined;
  let known = usersByConnection.get(connection);
  if (known === undefined) {
    known = { user: userOfSocket(req.socket as TLSSocket | undefined) };
    usersByConnection.set(connection, known);
  }
  return known.user;
}

function userOfSocket(socket: TLSSocket | undefined): UserInfo | undefined {
  if (socket === undefined || typeof socket.getPeerCertificate !== 'function' || socket.authorized !== true) return undefined;
  const certificate = socket.getPeerCertificate();
  const commonName = asList(certificate?.subject?.CN)[0];
  if (commonName === undefined || commonName === '') return undefined;
  const groups = asList(certificate.subject.O);
  return { name: commonName, groups: [...new Set([...groups, 'system:authenticated'])] };
}

/** Paths upstream serves to anyone (system:public-info-viewer). */
export function isPublicInfoPath(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return path === '/version' || path === '/healthz' || path === '/livez' || path === '/readyz' ||
    path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/');
}
