// What `engenho up` does once its configuration is known: certificates, store, API server, the
// in-process components (controllers, scheduler, nodes), kubeconfig; then it waits for the shutdown signal and closes
// everything in reverse order.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { type ApiServer, startApiServer } from '../apiserver/index.js';
import type { EngenhoConfig } from '../config/index.js';
import { ADMIN_USER, type ClusterCertificates, ensureClusterCertificates, serverUrl, writeKubeconfig } from '../pki/index.js';
import type { Store } from '../store/index.js';
import { CliError, type CliIo } from './io.js';
import { checkComponentsAvailable, startComponents } from './cluster-components.js';
import { assertKubeletPortFree } from './kubelet-serving.js';
import { openStore } from './open-store.js';
import { assertPortFree, listenError } from './port-check.js';
import { servingNames } from './serving-names.js';

export interface RunClusterOptions {
  config: EngenhoConfig;
  /** Where to write the admin kubeconfig; default <dataDir>/kubeconfig.yaml. */
  kubeconfigPath?: string;
  logger: Logger;
  io: CliIo;
}

type Closer = { name: string; close(): Promise<void> };

export async function runCluster(options: RunClusterOptions): Promise<number> {
  const { config, logger, io } = options;
  const dataDir = resolve(config.dataDir);
  const tlsDir = resolve(config.server.tlsDir);
  const kubeconfigPath = resolve(options.kubeconfigPath ?? resolve(dataDir, 'kubeconfig.yaml'));
  // Listen for SIGINT/SIGTERM from the start, so a signal during startup still ends in a clean shutdown.
  const shutdown = listenForShutdown(io.shutdownSignal);
  const closers: Closer[] = [];
  let closeFailed = false;
  try {
    checkComponentsAvailable(config);
    await assertPortFree(config.server.bindAddress, config.server.port);
    if (config.kubelet.nodes > 0) await assertKubeletPortFree(config.kubelet.serverPort);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });

    const certificates = await ensureClusterCertificates({ tlsDir, subjectAltNames: servingNames(config) }).catch((error: Error) => {
      throw new CliError(`cannot prepare the certificates in ${tlsDir} (change it with --tls-dir): ${error.message}`, 1);
    });
    logger.info({ tlsDir, created: certificates.created }, 'certificates ready');

    const store: Store = await openStore(config);
    closers.unshift({ name: 'store', close: () => store.close() });
    logger.info({ backend: config.store.etcd ? 'etcd' : 'sqlite', revision: await store.currentRevision() }, 'store open');

    const server = await startServer(config, store, certificates, logger);
    closers.unshift({ name: 'API server', close: () => server.close() });
    const url = serverUrl(config.server.bindAddress, server.port);
    for (const component of await startComponents(config, server.context, logger, certificates)) closers.unshift({ name: component.name, close: component.stop });

    writeKubeconfig(kubeconfigPath, {
      clusterName: config.cluster.name,
      server: url,
      caPem: certificates.ca.certPem,
      userName: ADMIN_USER,
      clientCertPem: certificates.admin.certPem,
      clientKeyPem: certificates.admin.keyPem,
    });
    logger.info({ url, kubeconfig: kubeconfigPath }, 'cluster ready');
    io.stdout.write(
      [
        `engenho is up: ${url} (cluster "${config.cluster.name}", data in ${dataDir})`,
        `  export KUBECONFIG=${kubeconfigPath}`,
        `  kubectl --kubeconfig ${kubeconfigPath} get nodes`,
        '',
      ].join('\n'),
    );

    const signal = await shutdown.requested;
    logger.info({ signal }, 'shutting down');
  } finally {
    shutdown.dispose();
    for (const closer of closers) {
      try {
        await closer.close();
        logger.info(`${closer.name} closed`);
      } catch (error) {
        closeFailed = true;
        logger.error({ err: error }, `closing the ${closer.name} failed`);
      }
    }
  }
  return closeFailed ? 1 : 0;
}

async function startServer(
  config: EngenhoConfig,
  store: Store,
  certificates: ClusterCertificates,
  logger: Logger,
): Promise<ApiServer> {
  const { bindAddress, port } = config.server;
  try {
    return await startApiServer({
      store,
      host: bindAddress,
      port,
      tls: { cert: certificates.serving.certPem, key: certificates.serving.keyPem, ca: certificates.ca.certPem },
      // Service account tokens are signed with the cluster CA key (ES256), so they verify across restarts.
      serviceAccountSigningKey: certificates.ca.keyPem,
      serviceCIDR: config.cluster.serviceCIDR,
      logger,
    });
  } catch (error) {
    throw listenError(error, bindAddress, port);
  }
}

interface ShutdownRequest {
  /** Resolves with the signal's name when the process is asked to stop. */
  requested: Promise<string>;
  /** Removes the signal handlers (also done after the first signal, so a second Ctrl-C stops at once). */
  dispose(): void;
}

function listenForShutdown(injected: AbortSignal | undefined): ShutdownRequest {
  if (injected) {
    return {
      requested: new Promise((resolvePromise) => {
        if (injected.aborted) resolvePromise('abort');
        else injected.addEventListener('abort', () => resolvePromise('abort'), { once: true });
      }),
      dispose: () => {},
    };
  }
  let onSignal: (name: NodeJS.Signals) => void = () => {};
  const dispose = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const requested = new Promise<string>((resolvePromise) => {
    onSignal = (name) => {
      dispose();
      resolvePromise(name);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { requested, dispose };
}
