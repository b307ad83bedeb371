import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../index.js';
import { startEtcd, type EtcdServer } from '../testing/etcd-server.js';
import { createTestCertificates, type TestCertificates } from '../testing/test-certificates.js';

let certs: TestCertificates;
let server: EtcdServer;
beforeAll(async () => {
  certs = createTestCertificates();
  server = await startEtcd({ unsafeNoFsync: true, tls: { ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } });
});
afterAll(async () => {
  await server?.stop();
  certs?.remove();
});

describe('etcd store over TLS', () => {
  it('connects with a CA and a client certificate, reads and writes', async () => {
    const store = await createStore({ etcd: { endpoints: [server.endpoint], tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } } });
    try {
      const kv = await store.create('/registry/namespaces/tls', '{"kind":"Namespace"}');
      expect((await store.get('/registry/namespaces/tls')).kv).toEqual(kv);
    } finally {
      await store.close();
    }
  });

  it('names the config key of an unreadable TLS file', async () => {
    await expect(createStore({ etcd: { endpoints: [server.endpoint], tls: { ca: '/nonexistent/ca.crt' } } })).rejects.toThrow(
      /store\.etcd\.tls\.ca: cannot read \/nonexistent\/ca\.crt/,
    );
  });

  it('fails to connect without a client certificate when etcd requires one', async () => {
    await expect(createStore({ etcd: { endpoints: [server.endpoint], tls: { ca: certs.ca }, connectTimeoutMs: 2000 } })).rejects.toMatchObject({
      code: 'Unavailable',
    });
  });
});
