// Test support only (imported by *.test.ts, never by library code): a real API server on
// 127.0.0.1 with a random port, a SQLite store and a fresh CA in a temp dir, and an admin kubeconfig.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInProcessTransport, startApiServer, type ApiServer } from '../../apiserver/index.js';
import type { Transport } from '../transport.js';
import { ADMIN_USER, ensureClusterCertificates, renderKubeconfig, serverUrl } from '../../pki/index.js';
import { createStore, type Store } from '../../store/index.js';

export interface RealApiServer {
  dir: string;
  kubeconfig: string;
  server: ApiServer;
  store: Store;
  /** The server's in-process transport (no sockets) as the given identity (default: an admin). */
  inProcess(user?: { name: string; groups: string[] }): Transport;
  stop(): Promise<void>;
}

export async function startRealApiServer(): Promise<RealApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'engenho-client-it-'));
  const certificates = await ensureClusterCertificates({ tlsDir: join(dir, 'tls'), subjectAltNames: ['127.0.0.1', 'localhost'] });
  const store = await createStore({ sqlite: { path: join(dir, 'state.db'), synchronous: 'normal' } });
  const server = await startApiServer({
    store,
    host: '127.0.0.1',
    port: 0,
    tls: { cert: certificates.serving.certPem, key: certificates.serving.keyPem, ca: certificates.ca.certPem },
    watchProgressIntervalMs: 200,
  });
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    renderKubeconfig({
      clusterName: 'engenho',
      server: serverUrl('127.0.0.1', server.port),
      caPem: certificates.ca.certPem,
      userName: ADMIN_USER,
      clientCertPem: certificates.admin.certPem,
      clientKeyPem: certificates.admin.keyPem,
    }),
  );
  return {
    dir,
    kubeconfig,
    server,
    store,
    inProcess: (user = { name: 'engenho-test-admin', groups: ['system:masters', 'system:authenticated'] }) => createInProcessTransport(server.context, user),
    async stop() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits by polling `check` after short real-time pauses (no timing assert: only a turn budget). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, turns = 2000): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}
