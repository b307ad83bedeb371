// The admin kubeconfig `engenho up` writes: one cluster (CA inline), one user (client certificate
// inline), one context, made current. Written 0600 because it holds a private key.
import { stringify } from 'yaml';
import { PRIVATE_FILE_MODE, writeFileAtomically } from './pem-files.js';

export interface KubeconfigOptions {
  clusterName: string;
  /** https://host:port of the API server. */
  server: string;
  caPem: string;
  userName: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** Defaults to `<userName>@<clusterName>`. */
  contextName?: string;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function renderKubeconfig(options: KubeconfigOptions): string {
  const contextName = options.contextName ?? `${options.userName}@${options.clusterName}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: options.clusterName, cluster: { server: options.server, 'certificate-authority-data': base64(options.caPem) } },
    ],
    users: [
      {
        name: options.userName,
        user: { 'client-certificate-data': base64(options.clientCertPem), 'client-key-data': base64(options.clientKeyPem) },
      },
    ],
    contexts: [{ name: contextName, context: { cluster: options.clusterName, user: options.userName } }],
    'current-context': contextName,
    preferences: {},
  }, { lineWidth: 0 });
}

export function writeKubeconfig(path: string, options: KubeconfigOptions): void {
  writeFileAtomically(path, renderKubeconfig(options), PRIVATE_FILE_MODE);
}

/** The URL clients use for a server bound to `bindAddress`: wildcard binds are reached on loopback. */
export function serverUrl(bindAddress: string, port: number): string {
  const host = bindAddress === '0.0.0.0' ? '127.0.0.1' : bindAddress === '::' ? '::1' : bindAddress;
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
