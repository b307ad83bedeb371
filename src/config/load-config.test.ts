import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, envNameFor, formatSource, loadConfig, validateConfigFile } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engenho-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeFile = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Env without a config file lookup in the real home directory. */
const isolatedEnv = (extra: Record<string, string> = {}) => ({ XDG_CONFIG_HOME: join(dir, 'xdg'), ...extra });

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

const sourceOf = (loaded: ReturnType<typeof loadConfig>, path: string) => formatSource(loaded.sources.get(path)!);

describe('defaults', () => {
  it('gives the prescribed configuration, every value sourced "default"', () => {
    const loaded = loadConfig({ env: isolatedEnv() });
    expect(loaded.config).toEqual({
      dataDir: './.engenho',
      cluster: { name: 'engenho', clusterCIDR: '10.42.0.0/16', serviceCIDR: '10.43.0.0/16', clusterDomain: 'cluster.local' },
      server: { bindAddress: '127.0.0.1', port: 6443, tlsDir: '.engenho/tls', extraSANs: [] },
      store: { sqlite: { path: '.engenho/state.db' }, compaction: { intervalSeconds: 60, retainRevisions: 10000 } },
      scheduler: { enabled: true, schedulerName: 'default-scheduler', percentageOfNodesToScore: 100 },
      controllers: {
        namespace: true, garbagecollector: true, replicaset: true, deployment: true, statefulset: true, daemonset: true,
        job: true, cronjob: true, service: true, serviceaccount: true, nodelifecycle: true, disruption: true, podgc: true,
      },
      kubelet: { nodes: 1, runtime: 'sim', serverPort: 10250, rootDir: '.engenho/kubelet', podman: { binary: 'podman', socket: '', network: 'podman', containersConf: '', ociRuntime: '', root: '', runRoot: '' } },
      logging: { level: 'info', format: 'auto' },
    });
    expect(loaded.file).toBeUndefined();
    expect(sourceOf(loaded, 'server.port')).toBe('default');
    expect(sourceOf(loaded, 'server.tlsDir')).toBe('default (from dataDir)');
    expect(sourceOf(loaded, 'store.sqlite.path')).toBe('default (from dataDir)');
  });

  it('derives the TLS dir and the SQLite file from dataDir', () => {
    const loaded = loadConfig({ env: isolatedEnv(), flags: { 'data-dir': '/var/lib/engenho' } });
    expect(loaded.config.server.tlsDir).toBe('/var/lib/engenho/tls');
    expect(loaded.config.store.sqlite).toEqual({ path: '/var/lib/engenho/state.db' });
  });
});

describe('tiers: defaults < file < env < flags', () => {
  const file = () =>
    writeFile('engenho.yaml', ['server:', '  port: 7000', '  bindAddress: 0.0.0.0', 'kubelet:', '  nodes: 2', '  runtime: podman', ''].join('\n'));

  it('a file overrides defaults and is recorded with line:col', () => {
    const loaded = loadConfig({ configFile: file(), env: isolatedEnv() });
    expect(loaded.config.server.port).toBe(7000);
    expect(loaded.config.kubelet.nodes).toBe(2);
    expect(loaded.file).toEqual({ path: join(dir, 'engenho.yaml'), chosenBy: 'flag:--config' });
    expect(sourceOf(loaded, 'server.port')).toBe(`file:${join(dir, 'engenho.yaml')}:2:9`);
    expect(sourceOf(loaded, 'server.extraSANs')).toBe('default');
  });

  it('the environment overrides the file', () => {
    const loaded = loadConfig({ configFile: file(), env: isolatedEnv({ ENGENHO_SERVER_PORT: '7443', ENGENHO_KUBELET_NODES: '3' }) });
    expect(loaded.config.server.port).toBe(7443);
    expect(loaded.config.kubelet.nodes).toBe(3);
    expect(loaded.config.server.bindAddress).toBe('0.0.0.0');
    expect(sourceOf(loaded, 'server.port')).toBe('env:ENGENHO_SERVER_PORT');
    expect(sourceOf(loaded, 'server.bindAddress')).toBe(`file:${join(dir, 'engenho.yaml')}:3:16`);
  });

  it('flags override the environment', () => {
    const loaded = loadConfig({
      configFile: file(),
      env: isolatedEnv({ ENGENHO_SERVER_PORT: '7443', ENGENHO_KUBELET_RUNTIME: 'sim' }),
      flags: { port: '8443', 'log-level': 'debug' },
    });
    expect(loaded.config.server.port).toBe(8443);
    expect(loaded.config.kubelet.runtime).toBe('sim');
    expect(loaded.config.logging.level).toBe('debug');
    expect(sourceOf(loaded, 'server.port')).toBe('flag:--port');
    expect(sourceOf(loaded, 'kubelet.runtime')).toBe('env:ENGENHO_KUBELET_RUNTIME');
    expect(sourceOf(loaded, 'logging.level')).toBe('flag:--log-level');
  });

  it('finds the file through $ENGENHO_CONFIG, else $XDG_CONFIG_HOME/engenho/engenho.yaml', () => {
    const viaEnv = loadConfig({ env: isolatedEnv({ ENGENHO_CONFIG: file() }) });
    expect(viaEnv.config.server.port).toBe(7000);
    expect(viaEnv.file?.chosenBy).toBe('env:ENGENHO_CONFIG');

    mkdirSync(join(dir, 'xdg', 'engenho'), { recursive: true });
    writeFile('xdg/engenho/engenho.yaml', 'kubelet:\n  nodes: 4\n');
    const viaXdg = loadConfig({ env: isolatedEnv() });
    expect(viaXdg.config.kubelet.nodes).toBe(4);
    expect(viaXdg.file).toEqual({ path: join(dir, 'xdg', 'engenho', 'engenho.yaml'), chosenBy: 'XDG_CONFIG_HOME' });

    const flagWins = loadConfig({ configFile: file(), env: isolatedEnv({ ENGENHO_CONFIG: '/nonexistent.yaml' }) });
    expect(flagWins.config.kubelet.nodes).toBe(2);
  });

  it('empty sections and null values in a file mean "not set"', () => {
    const path = writeFile('nulls.yaml', 'server:\nkubelet:\n  nodes: ~\n  runtime: podman\n');
    const loaded = loadConfig({ configFile: path, env: isolatedEnv() });
    expect(loaded.config.server.port).toBe(6443);
    expect(loaded.config.kubelet.nodes).toBe(1);
    expect(loaded.config.kubelet.runtime).toBe('podman');
    expect(sourceOf(loaded, 'kubelet.nodes')).toBe('default');
  });

  it('an empty file is allowed', () => {
    const loaded = loadConfig({ configFile: writeFile('empty.yaml', '# nothing\n'), env: isolatedEnv() });
    expect(loaded.config.server.port).toBe(6443);
  });
});

describe('environment mapping', () => {
  it('names every key ENGENHO_<PATH> in screaming snake case', () => {
    expect(envNameFor(['server', 'port'])).toBe('ENGENHO_SERVER_PORT');
    expect(envNameFor(['cluster', 'clusterCIDR'])).toBe('ENGENHO_CLUSTER_CLUSTER_CIDR');
    expect(envNameFor(['server', 'extraSANs'])).toBe('ENGENHO_SERVER_EXTRA_SANS');
    expect(envNameFor(['store', 'etcd', 'endpoints'])).toBe('ENGENHO_STORE_ETCD_ENDPOINTS');
    expect(envNameFor(['dataDir'])).toBe('ENGENHO_DATA_DIR');
  });

  it('parses numbers, booleans and comma lists; selecting etcd drops the SQLite default', () => {
    const loaded = loadConfig({
      env: isolatedEnv({
        ENGENHO_KUBELET_NODES: '3',
        ENGENHO_CONTROLLERS_JOB: 'false',
        ENGENHO_SCHEDULER_ENABLED: 'no',
        ENGENHO_STORE_ETCD_ENDPOINTS: 'http://10.0.0.1:2379, http://10.0.0.2:2379',
        ENGENHO_CLUSTER_CLUSTER_CIDR: '10.100.0.0/16',
        ENGENHO_LOGGING_LEVEL: '',
      }),
    });
    expect(loaded.config.kubelet.nodes).toBe(3);
    expect(loaded.config.controllers.job).toBe(false);
    expect(loaded.config.controllers.cronjob).toBe(true);
    expect(loaded.config.scheduler.enabled).toBe(false);
    expect(loaded.config.store).toEqual({
      etcd: { endpoints: ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'] },
      compaction: { intervalSeconds: 60, retainRevisions: 10000 },
    });
    expect(loaded.config.cluster.clusterCIDR).toBe('10.100.0.0/16');
    expect(loaded.config.logging.level).toBe('info');
  });
});

describe('flags', () => {
  it('--disable-controllers switches controllers off and --tls-san takes a list', () => {
    const loaded = loadConfig({ env: isolatedEnv(), flags: { 'disable-controllers': 'job, cronjob', 'tls-san': 'api.example.com,10.1.2.3' } });
    expect(loaded.config.controllers.job).toBe(false);
    expect(loaded.config.controllers.cronjob).toBe(false);
    expect(loaded.config.controllers.deployment).toBe(true);
    expect(loaded.config.server.extraSANs).toEqual(['api.example.com', '10.1.2.3']);
    expect(sourceOf(loaded, 'controllers.job')).toBe('flag:--disable-controllers');
  });
});

describe('errors name where, the key, what was expected and what was given', () => {
  it('a bad flag value', () => {
    expect(problemsOf(() => loadConfig({ env: isolatedEnv(), flags: { port: '70000' } }))).toEqual([
      'flag --port: server.port: expected a port 0-65535 (0 = random), got 70000',
    ]);
    expect(problemsOf(() => loadConfig({ env: isolatedEnv(), flags: { nodes: 'three' } }))).toEqual([
      'flag --nodes: kubelet.nodes: expected a number, got "three"',
    ]);
    expect(problemsOf(() => loadConfig({ env: isolatedEnv(), flags: { runtime: 'docker' } }))).toEqual([
      'flag --runtime: kubelet.runtime: expected one of sim, podman, got "docker"',
    ]);
  });

  it('an unknown controller name suggests the closest one', () => {
    expect(problemsOf(() => loadConfig({ env: isolatedEnv(), flags: { 'disable-controllers': 'deploymnet' } }))).toEqual([
      'flag --disable-controllers: unknown controller "deploymnet" (did you mean "deployment"?); expected some of namespace, garbagecollector, replicaset, deployment, statefulset, daemonset, job, cronjob, service, serviceaccount, nodelifecycle, disruption, podgc',
    ]);
  });

  it('bad environment values, all reported at once', () => {
    expect(
      problemsOf(() => loadConfig({ env: isolatedEnv({ ENGENHO_SERVER_PORT: 'abc', ENGENHO_SERVER_BIND_ADDRESS: 'localhost' }) })),
    ).toEqual([
      'env ENGENHO_SERVER_BIND_ADDRESS: server.bindAddress: expected an IP address such as "127.0.0.1" or "0.0.0.0", got "localhost"',
      'env ENGENHO_SERVER_PORT: server.port: expected a number, got "abc"',
    ]);
    expect(problemsOf(() => loadConfig({ env: isolatedEnv({ ENGENHO_STORE_ETCD_ENDPOINTS: 'http://a:2379,b' }) }))).toEqual([
      'env ENGENHO_STORE_ETCD_ENDPOINTS: store.etcd.endpoints.1: expected an etcd endpoint URL such as "http://127.0.0.1:2379", got "b"',
    ]);
  });

  it('a bad file value, with line:col', () => {
    const path = writeFile('bad.yaml', 'cluster:\n  clusterCIDR: 10.42.0.0\nkubelet:\n  nodes: -1\n');
    expect(problemsOf(() => loadConfig({ configFile: path, env: isolatedEnv() }))).toEqual([
      `${path}:2:16: cluster.clusterCIDR: expected a CIDR such as "10.42.0.0/16", got "10.42.0.0"`,
      `${path}:4:10: kubelet.nodes: expected 0-1000 nodes, got -1`,
    ]);
  });

  it('a section given as a scalar', () => {
    const path = writeFile('bad.yaml', 'server: 5\n');
    expect(problemsOf(() => loadConfig({ configFile: path, env: isolatedEnv() }))).toEqual([
      `${path}:1:9: server: expected an object, got 5`,
    ]);
  });

  it('unknown keys, with the path and a "did you mean"', () => {
    const path = writeFile('typo.yaml', 'server:\n  prot: 7000\nkubelett:\n  nodes: 2\n');
    expect(problemsOf(() => loadConfig({ configFile: path, env: isolatedEnv() }))).toEqual([
      `${path}:2:3: server.prot: unknown key "prot" in "server" (did you mean "port"?); known keys: bindAddress, port, tlsDir, extraSANs`,
      `${path}:3:1: kubelett: unknown key "kubelett" at the top level (did you mean "kubelet"?); known keys: dataDir, cluster, server, store, scheduler, controllers, kubelet, logging`,
    ]);
  });

  it('YAML syntax errors report line:col', () => {
    const duplicate = writeFile('dup.yaml', 'server:\n  port: 7000\n  port: 8000\n');
    expect(problemsOf(() => loadConfig({ configFile: duplicate, env: isolatedEnv() }))).toEqual([
      `${duplicate}:3:3: YAML syntax error: Map keys must be unique`,
    ]);
    const compact = writeFile('compact.yaml', 'kubelet: nodes: 2\n');
    expect(problemsOf(() => loadConfig({ configFile: compact, env: isolatedEnv() }))).toEqual([
      `${compact}:1:10: YAML syntax error: Nested mappings are not allowed in compact mappings`,
    ]);
  });

  it('a missing config file', () => {
    expect(problemsOf(() => loadConfig({ configFile: join(dir, 'nope.yaml'), env: isolatedEnv() }))).toEqual([
      `${join(dir, 'nope.yaml')}: cannot read the config file: no such file`,
    ]);
  });

  it('both store backends at once', () => {
    const path = writeFile('both.yaml', 'store:\n  sqlite:\n    path: /tmp/x.db\n');
    expect(
      problemsOf(() => loadConfig({ configFile: path, env: isolatedEnv({ ENGENHO_STORE_ETCD_ENDPOINTS: 'http://127.0.0.1:2379' }) })),
    ).toEqual([
      `store: choose one backend, but both store.sqlite (file:${path}:3:11) and store.etcd (env:ENGENHO_STORE_ETCD_ENDPOINTS) are set`,
    ]);
  });

  it('the message of the thrown error carries the problems', () => {
    try {
      loadConfig({ env: isolatedEnv(), flags: { port: '-1' } });
    } catch (error) {
      expect((error as Error).message).toBe('invalid configuration: flag --port: server.port: expected a port 0-65535 (0 = random), got -1');
    }
  });
});

describe('validateConfigFile', () => {
  it('accepts a good file and rejects a bad one', () => {
    const good = writeFile('good.yaml', 'store:\n  etcd:\n    endpoints: [http://127.0.0.1:2379]\n    tls: {ca: ca.crt, cert: c.crt, key: c.key}\n');
    expect(validateConfigFile(good).store.etcd).toEqual({ endpoints: ['http://127.0.0.1:2379'], tls: { ca: 'ca.crt', cert: 'c.crt', key: 'c.key' } });
    const bad = writeFile('bad.yaml', 'logging:\n  format: xml\n');
    expect(problemsOf(() => validateConfigFile(bad))).toEqual([`${bad}:2:11: logging.format: expected one of auto, pretty, json, got "xml"`]);
  });
});
