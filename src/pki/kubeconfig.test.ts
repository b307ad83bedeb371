import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderKubeconfig, serverUrl, writeKubeconfig } from './index.js';

const OPTIONS = {
  clusterName: 'engenho',
  server: 'https://127.0.0.1:6443',
  caPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
  userName: 'kubernetes-admin',
  clientCertPem: '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n',
  clientKeyPem: '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n',
};
const b64 = (text: string) => Buffer.from(text).toString('base64');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engenho-kubeconfig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('renderKubeconfig', () => {
  it('renders one cluster, user and context, made current', () => {
    expect(parse(renderKubeconfig(OPTIONS))).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'engenho', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(OPTIONS.caPem) } }],
      users: [{ name: 'kubernetes-admin', user: { 'client-certificate-data': b64(OPTIONS.clientCertPem), 'client-key-data': b64(OPTIONS.clientKeyPem) } }],
      contexts: [{ name: 'kubernetes-admin@engenho', context: { cluster: 'engenho', user: 'kubernetes-admin' } }],
      'current-context': 'kubernetes-admin@engenho',
      preferences: {},
    });
  });
});

describe('writeKubeconfig', () => {
  it('writes mode 0600 and kubectl reads it', () => {
    const path = join(dir, 'nested', 'kubeconfig.yaml');
    writeKubeconfig(path, OPTIONS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const viewed = parse(execFileSync('kubectl', ['config', 'view', '--kubeconfig', path, '--raw', '-o', 'yaml'], { encoding: 'utf8' }));
    expect(viewed['current-context']).toBe('kubernetes-admin@engenho');
    expect(viewed.clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
    expect(viewed.users[0].user['client-key-data']).toBe(b64(OPTIONS.clientKeyPem));
    expect(readFileSync(path, 'utf8')).toBe(renderKubeconfig(OPTIONS));
  });
});

describe('serverUrl', () => {
  it('reaches wildcard binds on loopback and brackets IPv6', () => {
    expect(serverUrl('127.0.0.1', 6443)).toBe('https://127.0.0.1:6443');
    expect(serverUrl('0.0.0.0', 7443)).toBe('https://127.0.0.1:7443');
    expect(serverUrl('::', 7443)).toBe('https://[::1]:7443');
    expect(serverUrl('fd00::1', 7443)).toBe('https://[fd00::1]:7443');
  });
});
