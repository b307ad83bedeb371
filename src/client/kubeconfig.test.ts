import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKubeconfig, parseKubeconfig, resolveContext } from './kubeconfig.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

const document = `
apiVersion: v1
kind: Config
current-context: admin
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: ${b64('CA PEM')}
- name: remote
  cluster:
    server: https://remote.example:443
    certificate-authority: ca.crt
    tls-server-name: api.remote.example
- name: lab
  cluster:
    server: https://lab.example
    insecure-skip-tls-verify: true
contexts:
- name: admin
  context: { cluster: local, user: admin, namespace: work }
- name: robot
  context: { cluster: remote, user: robot }
- name: rotating
  context: { cluster: lab, user: rotating }
- name: plugin
  context: { cluster: lab, user: plugin }
- name: nobody
  context: { cluster: lab }
- name: broken
  context: { cluster: local, user: ghost }
users:
- name: admin
  user:
    client-certificate-data: ${b64('CERT PEM')}
    client-key-data: ${b64('KEY PEM')}
- name: robot
  user: { token: abc }
- name: rotating
  user: { tokenFile: token }
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: get-token
      args: [--fast]
      env: [{ name: A, value: b }]
      provideClusterInfo: true
`;

const dir = mkdtempSync(join(tmpdir(), 'engenho-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubeconfig', () => {
  const config = parseKubeconfig(document);

  it('resolves the current context: server, CA data, client certificate, namespace', () => {
    expect(resolveContext(config)).toEqual({
      server: 'https://127.0.0.1:6443',
      ca: 'CA PEM',
      insecureSkipTlsVerify: false,
      tlsServerName: undefined,
      auth: { type: 'clientCertificate', cert: 'CERT PEM', key: 'KEY PEM' },
      namespace: 'work',
      contextName: 'admin',
    });
  });

  it('resolves named contexts: CA file relative to the kubeconfig, token, token file, exec, anonymous', () => {
    writeFileSync(join(dir, 'ca.crt'), 'FILE CA');
    expect(resolveContext(config, { context: 'robot', baseDir: dir })).toMatchObject({
      server: 'https://remote.example:443',
      ca: 'FILE CA',
      tlsServerName: 'api.remote.example',
      auth: { type: 'token', token: 'abc' },
      namespace: 'default',
    });
    expect(resolveContext(config, { context: 'rotating', baseDir: dir })).toMatchObject({
      insecureSkipTlsVerify: true,
      ca: undefined,
      auth: { type: 'tokenFile', path: join(dir, 'token') },
    });
    expect(resolveContext(config, { context: 'plugin' }).auth).toMatchObject({
      type: 'exec',
      exec: { command: 'get-token', args: ['--fast'], env: [{ name: 'A', value: 'b' }], provideClusterInfo: true },
      cluster: { server: 'https://lab.example', insecureSkipTlsVerify: true },
    });
    expect(resolveContext(config, { context: 'nobody' }).auth).toEqual({ type: 'anonymous' });
    const relative = parseKubeconfig(document.replace('command: get-token', 'command: ./bin/get-token'));
    expect(resolveContext(relative, { context: 'plugin', baseDir: dir }).auth).toMatchObject({ exec: { command: join(dir, 'bin/get-token') } });
  });

  it('names what is missing', () => {
    expect(() => resolveContext(config, { context: 'nope' })).toThrow(
      'kubeconfig: context "nope" not found (known: admin, robot, rotating, plugin, nobody, broken)',
    );
    expect(() => resolveContext(config, { context: 'broken' })).toThrow('kubeconfig: user "ghost" of context "broken" not found (known: admin, robot, rotating, plugin)');
    expect(() => resolveContext(parseKubeconfig('clusters: []'))).toThrow('kubeconfig: no current-context is set; name a context');
  });

  it('reports YAML errors with line:col and shape errors with the field path', () => {
    expect(() => parseKubeconfig('clusters:\n  - name: a\n   cluster: {', 'cfg')).toThrow(/^cfg:3:\d+: /);
    expect(() => parseKubeconfig('clusters:\n- name: a\n  cluster: { server: 5 }', 'cfg')).toThrow('cfg: clusters.0.cluster.server: Expected string, received number');
  });

  it('loads a file and resolves relative paths against its directory', () => {
    const path = join(dir, 'config');
    writeFileSync(path, document);
    expect(loadKubeconfig({ path, context: 'robot' }).ca).toBe('FILE CA');
    expect(() => loadKubeconfig({ path: join(dir, 'missing') })).toThrow(/^cannot read kubeconfig .*missing: ENOENT/);
  });
});
