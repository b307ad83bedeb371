// `engenho up` on an external etcd chosen by environment variable: the API server's bootstrap
// namespaces land in etcd, and shutdown closes the etcd client.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createStore } from '../store/index.js';
import { type EtcdServer, startEtcd } from '../store/testing/etcd-server.js';
import { main } from './main.js';

let etcd: EtcdServer;
let dir: string;
beforeAll(async () => {
  etcd = await startEtcd({ unsafeNoFsync: true });
  dir = mkdtempSync(join(tmpdir(), 'engenho-up-etcd-'));
});
afterAll(async () => {
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('engenho up with ENGENHO_STORE_ETCD_ENDPOINTS', () => {
  it('stores the cluster in etcd and writes no SQLite file', async () => {
    const stop = new AbortController();
    let stdout = '';
    const running = main(['node', 'engenho', 'up', '--data-dir', dir, '--port', '0', '--log-level', 'silent'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
      env: { XDG_CONFIG_HOME: join(dir, 'xdg'), ENGENHO_STORE_ETCD_ENDPOINTS: etcd.endpoint },
      shutdownSignal: stop.signal,
    });
    while (!stdout.includes('engenho is up')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(parse(readFileSync(join(dir, 'kubeconfig.yaml'), 'utf8'))['current-context']).toBe('kubernetes-admin@engenho');
    stop.abort();
    expect(await running).toBe(0);

    const store = await createStore({ etcd: { endpoints: [etcd.endpoint] } });
    try {
      const namespaces = await store.list('/registry/namespaces/');
      expect(namespaces.kvs.map((kv) => kv.key)).toEqual(
        expect.arrayContaining(['/registry/namespaces/default', '/registry/namespaces/kube-system']),
      );
    } finally {
      await store.close();
    }
    expect(() => readFileSync(join(dir, 'state.db'))).toThrow(/ENOENT/);
  });
});
