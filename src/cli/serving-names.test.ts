import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { storeSettings } from './open-store.js';
import { firstServiceIp, servingNames } from './serving-names.js';

const configWith = (flags: Record<string, string>, env: Record<string, string> = {}) =>
  loadConfig({ flags, env: { XDG_CONFIG_HOME: '/nonexistent', ...env } }).config;

describe('servingNames', () => {
  it('covers loopback, the host, the kubernetes service and the extras', () => {
    expect(servingNames(configWith({ 'tls-san': 'api.example.com,192.0.2.10' }), 'Build-Host')).toEqual([
      'localhost',
      '127.0.0.1',
      '::1',
      'build-host',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      '10.43.0.1',
      'api.example.com',
      '192.0.2.10',
    ]);
  });

  it('adds a specific bind address but not a wildcard one', () => {
    expect(servingNames(configWith({ 'bind-address': '192.0.2.7' }), 'h')).toContain('192.0.2.7');
    expect(servingNames(configWith({ 'bind-address': '0.0.0.0' }), 'h')).not.toContain('0.0.0.0');
  });
});

describe('firstServiceIp', () => {
  it('is the first address after the network address', () => {
    expect(firstServiceIp('10.43.0.0/16')).toBe('10.43.0.1');
    expect(firstServiceIp('10.96.5.0/12')).toBe('10.96.0.1');
    expect(firstServiceIp('192.168.1.128/25')).toBe('192.168.1.129');
    expect(firstServiceIp('fd00::/108')).toBeUndefined();
  });
});

describe('storeSettings', () => {
  it('maps SQLite and compaction settings to createStore options', () => {
    expect(storeSettings(configWith({ 'data-dir': '/var/lib/engenho' }, { ENGENHO_STORE_COMPACTION_INTERVAL_SECONDS: '30' }))).toEqual({
      sqlite: { path: '/var/lib/engenho/state.db', compaction: { intervalMs: 30_000, retainRevisions: 10_000 } },
    });
  });

  it('maps etcd endpoints and TLS files', () => {
    expect(
      storeSettings(
        configWith({ 'store-etcd-endpoints': 'https://10.0.0.1:2379', 'store-etcd-ca': '/etc/etcd/ca.crt', 'store-etcd-cert': '/etc/etcd/c.crt', 'store-etcd-key': '/etc/etcd/c.key' }),
      ),
    ).toEqual({
      etcd: {
        endpoints: ['https://10.0.0.1:2379'],
        tls: { ca: '/etc/etcd/ca.crt', cert: '/etc/etcd/c.crt', key: '/etc/etcd/c.key' },
        compaction: { intervalMs: 60_000, retainRevisions: 10_000 },
      },
    });
  });
});
