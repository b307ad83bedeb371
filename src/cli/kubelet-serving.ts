// The kubelet endpoint of `engenho up` and the API server's way to it: one HTTPS server on
// 127.0.0.1:kubelet.serverPort for all the process's nodes, with a serving certificate from the
// cluster CA, and the API server's HTTPS connector with its kubelet-client certificate (CN
// kube-apiserver-kubelet-client, O system:masters). Both certificates are issued at each start.
import { createKubeletConnector, kubeletAddressResolver, type ApiContext, type NodeConnector } from '../apiserver/index.js';
import { startKubeletServer, KUBELET_CLIENT_USER, type KubeletServer, type LocalPods } from '../kubelet/server/index.js';
import type { KubeletLogger } from '../kubelet/index.js';
import { type CertificateAuthority, issueClientCertificate, issueServingCertificate } from '../pki/index.js';
import { CliError } from './io.js';
import { assertPortFree } from './port-check.js';

export interface KubeletServing {
  server: KubeletServer;
  connector: NodeConnector;
}

export interface KubeletServingOptions {
  port: number;
  ca: CertificateAuthority;
  context: ApiContext;
  pods: LocalPods;
  isLocalNode(nodeName: string): boolean;
  logger?: KubeletLogger;
}

export function kubeletPortInUse(port: number): CliError {
  return new CliError(
    `port ${port} on 127.0.0.1 (the kubelet endpoint) is already in use; choose another with --kubelet-port (or ENGENHO_KUBELET_SERVER_PORT, kubelet.serverPort; 0 = random)`,
    1,
  );
}

/** Checked before anything starts, so a busy endpoint port stops `engenho up` cleanly. */
export async function assertKubeletPortFree(port: number): Promise<void> {
  try {
    await assertPortFree('127.0.0.1', port);
  } catch (error) {
    throw error instanceof CliError && error.message.includes('already in use') ? kubeletPortInUse(port) : error;
  }
}

export async function startKubeletServing(options: KubeletServingOptions): Promise<KubeletServing> {
  const [serving, client] = await Promise.all([
    issueServingCertificate(options.ca, { commonName: 'engenho-kubelet', subjectAltNames: ['127.0.0.1', 'localhost'] }),
    issueClientCertificate(options.ca, { commonName: KUBELET_CLIENT_USER, organizations: ['system:masters'] }),
  ]);
  let server: KubeletServer;
  try {
    server = await startKubeletServer({
      port: options.port,
      tls: { cert: serving.certPem, key: serving.keyPem, ca: options.ca.certPem },
      pods: options.pods,
      logger: options.logger,
    });
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? kubeletPortInUse(options.port) : error;
  }
  const connector = createKubeletConnector({
    tls: { ca: options.ca.certPem, cert: client.certPem, key: client.keyPem },
    resolve: kubeletAddressResolver(options.context, { isLocal: options.isLocalNode, port: () => server.port }),
  });
  return { server, connector };
}
