// The whole in-process cluster as `engenho up` starts it (certificates, SQLite store in a temp dir,
// API server on 127.0.0.1 with a random port, controllers, scheduler, N simulated nodes), for the
// density benchmark. Returns an admin client over the in-process transport and a stop().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createInProcessTransport, startApiServer } from '../src/apiserver/index.js';
import { startComponents } from '../src/cli/cluster-components.js';
import { openStore } from '../src/cli/open-store.js';
import { Client } from '../src/client/index.js';
import { loadConfig } from '../src/config/index.js';
import { ensureClusterCertificates } from '../src/pki/index.js';

export interface DensityCluster {
  client: Client;
  /** What GET /metrics would serve now. */
  metricsText(): string;
  stop(): Promise<void>;
}

export async function startDensityCluster(nodes: number): Promise<DensityCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'engenho-density-'));
  const { config } = loadConfig({
    flags: { 'data-dir': dir, port: '0', 'bind-address': '127.0.0.1', nodes: String(nodes), 'log-level': 'warn' },
    env: { XDG_CONFIG_HOME: '/nonexistent' },
  });
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const certificates = await ensureClusterCertificates({ tlsDir: join(dir, 'tls'), subjectAltNames: ['127.0.0.1', 'localhost'] });
  const store = await openStore(config);
  const server = await startApiServer({
    store,
    host: '127.0.0.1',
    port: 0,
    tls: { cert: certificates.serving.certPem, key: certificates.serving.keyPem, ca: certificates.ca.certPem },
    serviceAccountSigningKey: certificates.ca.keyPem,
    serviceCIDR: config.cluster.serviceCIDR,
    logger,
  });
  const components = await startComponents(config, server.context, logger);
  const client = new Client(createInProcessTransport(server.context, { name: 'density-bench', groups: ['system:masters', 'system:authenticated'] }), {
    fieldManager: 'density-bench',
  });
  return {
    client,
    metricsText: () => server.context.metrics.render(server.context.flowControl),
    async stop() {
      for (const component of [...components].reverse()) await component.stop().catch(() => {});
      await server.close().catch(() => {});
      await store.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
