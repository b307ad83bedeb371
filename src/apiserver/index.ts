// Public face of the API server: startApiServer() for `engenho up` / `engenho server`, and the
// in-process request entry (serveRequest) for transports that skip TLS.
import { randomInt } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Store } from '../store/types.js';
import { ensureKubernetesService } from './bootstrap-kubernetes-service.js';
import { ensureSystemNamespaces } from './bootstrap-namespaces.js';
import { builtinServedResources } from './builtin-resources.js';
import { MAX_BODY_BYTES, type ApiContext } from './context.js';
import { startCrdServing } from './crd/index.js';
import { FlowControl } from './flow-control.js';
import { ApiServerMetrics } from './metrics.js';
import type { NodeConnector } from './node-connector.js';
import { listen, type TlsMaterial } from './server.js';
import type { ServedResources } from './served-resources.js';
import { DEFAULT_SERVICE_CIDR, parseServiceCidr } from './service-ip-range.js';

export type { ApiContext, UserInfo } from './context.js';
export type { ApiServerMetrics } from './metrics.js';
export type { NodeConnector, PodLogRequest } from './node-connector.js';
export { createKubeletConnector, kubeletAddressResolver, type KubeletAddress, type KubeletConnectorOptions } from './kubelet-connector.js';
export { serveRequest } from './server.js';
export { createInProcessTransport, type InProcessRequest, type InProcessResponse, type InProcessStream } from './in-process.js';
export type { TlsMaterial } from './server.js';
export { storageKey, storagePrefix, resourcePath } from './storage/keys.js';
export { builtinServedResources } from './builtin-resources.js';
export { ServedResources, type ServedResource } from './served-resources.js';

export interface ApiServerOptions {
  store: Store;
  host?: string;
  /** 0 = a random free port. */
  port?: number;
  tls: TlsMaterial;
  logger?: Logger;
  clock?: () => Date;
  /** Defaults to the built-in catalog; CRDs are added to it at run time. */
  served?: ServedResources;
  /** Watch timeout when the client sends none; default a random 30-60 minutes as upstream. */
  watchTimeoutSeconds?: () => number;
  /** How often idle watches receive progress (bookmarks); default 5000 ms. */
  watchProgressIntervalMs?: number;
  maxBodyBytes?: number;
  /** Seats for ordinary clients, past which they get 429; default 600 (upstream's 400 read-only + 200 mutating). */
  maxRequestsInFlight?: number;
  /** Seats for system components (nodes, scheduler, controller manager), past which they queue; default 600. */
  systemRequestsInFlight?: number;
  /** How to reach kubelets for pods/log, exec, attach and portforward. */
  nodes?: NodeConnector;
  /** ECDSA P-256 private key (PKCS#8 PEM) signing service account tokens (serviceaccounts/token). */
  serviceAccountSigningKey?: string;
  /** IPv4 range ClusterIPs are allocated from; default 10.96.0.0/12. */
  serviceCIDR?: string;
}

export interface ApiServer {
  port: number;
  context: ApiContext;
  close(): Promise<void>;
}

export function createApiContext(options: Omit<ApiServerOptions, 'tls' | 'host' | 'port'>): ApiContext {
  return {
    store: options.store,
    served: options.served ?? builtinServedResources(),
    logger: options.logger ?? pino({ level: 'silent' }),
    clock: options.clock ?? (() => new Date()),
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? (() => 1800 + randomInt(1800)),
    watchProgressIntervalMs: options.watchProgressIntervalMs ?? 5000,
    flowControl: new FlowControl({
      maxRequestsInFlight: options.maxRequestsInFlight ?? 600,
      systemRequestsInFlight: options.systemRequestsInFlight ?? 600,
      systemQueueLength: 10_000,
    }),
    metrics: new ApiServerMetrics(),
    nodes: options.nodes,
    serviceAccountSigningKey: options.serviceAccountSigningKey,
    serviceRange: parseServiceCidr(options.serviceCIDR ?? DEFAULT_SERVICE_CIDR),
  };
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const context = createApiContext(options);
  await ensureSystemNamespaces(context.store, context.clock());
  const crds = startCrdServing(context);
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    // Serve stored CRDs before accepting requests, so a restart never 404s a custom resource.
    await crds.ready;
    listening = await listen(context, options.host ?? '127.0.0.1', options.port ?? 0, options.tls);
  } catch (error) {
    await crds.stop();
    throw error;
  }
  await ensureKubernetesService(context.store, context.serviceRange.kubernetesServiceIP, options.host ?? '127.0.0.1', listening.port, context.clock());
  context.logger.info({ port: listening.port }, 'API server listening');
  return {
    port: listening.port,
    context,
    async close() {
      await listening.close();
      await crds.stop();
    },
  };
}
