import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CliIo } from './io.js';
import { main } from './main.js';
import { packageVersion } from './version.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'engenho-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function captureIo(env: Record<string, string> = {}, shutdownSignal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env: { XDG_CONFIG_HOME: join(dir, 'xdg'), ...env },
    ...(shutdownSignal ? { shutdownSignal } : {}),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const engenho = async (args: string[], env: Record<string, string> = {}) => {
  const captured = captureIo(env);
  const code = await main(['node', 'engenho', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
};

describe('engenho', () => {
  it('--version prints the package version', async () => {
    expect(await engenho(['--version'])).toEqual({ code: 0, stdout: `${packageVersion()}\n`, stderr: '' });
  });

  it('--help and up --help describe the commands and flags', async () => {
    const help = await engenho(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: engenho [options] [command]');
    expect(help.stdout).toMatch(/^ {2}up \[options\]/m);
    expect(help.stdout).toMatch(/^ {2}config/m);
    const upHelp = await engenho(['up', '--help']);
    expect(upHelp.code).toBe(0);
    for (const flag of ['--data-dir <dir>', '--port <port>', '--kubeconfig <file>', '--config <file>', '--bind-address <ip>', '--nodes <count>', '--runtime <runtime>', '--log-level <level>', '--log-format <format>', '--store-etcd-endpoints <urls>']) {
      expect(upHelp.stdout).toContain(flag);
    }
  });

  it('unknown commands and options are usage errors (exit 2)', async () => {
    const unknown = await engenho(['bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'bogus'");
    const badOption = await engenho(['up', '--prot', '1']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("error: unknown option '--prot'");
    expect(badOption.stderr).toContain('(Did you mean --port?)');
  });
});

describe('engenho config', () => {
  it('show -o json gives the effective config and each value\'s source', async () => {
    const file = join(dir, 'engenho.yaml');
    writeFileSync(file, 'kubelet:\n  nodes: 2\n');
    const result = await engenho(['config', 'show', '-o', 'json', '--config', file, '--port', '7443'], { ENGENHO_LOGGING_LEVEL: 'debug' });
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout);
    expect(shown.config.server.port).toBe(7443);
    expect(shown.config.kubelet.nodes).toBe(2);
    expect(shown.config.logging.level).toBe('debug');
    expect(shown.sources['server.port']).toBe('flag:--port');
    expect(shown.sources['kubelet.nodes']).toBe(`file:${file}:2:10`);
    expect(shown.sources['logging.level']).toBe('env:ENGENHO_LOGGING_LEVEL');
    expect(shown.sources['cluster.name']).toBe('default');
    expect(shown.file).toEqual({ path: file, chosenBy: 'flag:--config' });
  });

  it('show prints YAML with the source of each value as a comment', async () => {
    const result = await engenho(['config', 'show', '--nodes', '3'], { ENGENHO_SERVER_PORT: '7000' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  port: 7000 # env:ENGENHO_SERVER_PORT\n');
    expect(result.stdout).toContain('  nodes: 3 # flag:--nodes\n');
    expect(result.stdout).toContain('  bindAddress: 127.0.0.1 # default\n');
    expect(parse(result.stdout).server.port).toBe(7000);
  });

  it('show -o table lists key, value and source', async () => {
    const result = await engenho(['config', 'show', '-o', 'table']);
    expect(result.stdout.split('\n')[0]).toMatch(/^KEY +VALUE +SOURCE$/);
    expect(result.stdout).toMatch(/^server\.port +6443 +default$/m);
  });

  it('validate: a good file is "valid" (exit 0), a bad one lists problems (exit 2)', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'server:\n  port: 7443\n');
    expect(await engenho(['config', 'validate', good])).toEqual({ code: 0, stdout: 'valid\n', stderr: '' });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'server:\n  port: high\n');
    expect(await engenho(['config', 'validate', bad])).toEqual({
      code: 2,
      stdout: '',
      stderr: `engenho: invalid configuration: ${bad}:2:9: server.port: expected a number, got "high"\n`,
    });
  });

  it('a bad flag or env value fails with exit 2 and no stack trace', async () => {
    expect(await engenho(['up', '--port', '99999', '--data-dir', dir])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'engenho: invalid configuration: flag --port: server.port: expected a port 0-65535 (0 = random), got 99999\n',
    });
    expect(await engenho(['config', 'show'], { ENGENHO_KUBELET_RUNTIME: 'docker' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'engenho: invalid configuration: env ENGENHO_KUBELET_RUNTIME: kubelet.runtime: expected one of sim, podman, got "docker"\n',
    });
  });
});

describe('engenho up', () => {
  it('refuses a port in use, naming the port and the flag (exit 1)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await engenho(['up', '--data-dir', join(dir, 'data'), '--port', String(port), '--log-level', 'silent']);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `engenho: port ${port} on 127.0.0.1 is already in use; stop the process using it or choose another port with --port (or ENGENHO_SERVER_PORT, server.port)\n`,
      });
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('starts, writes the kubeconfig, and shuts down cleanly when signalled', async () => {
    const stop = new AbortController();
    const captured = captureIo({}, stop.signal);
    const dataDir = join(dir, 'data');
    const kubeconfigPath = join(dir, 'elsewhere', 'admin.yaml');
    const running = main(
      ['node', 'engenho', 'up', '--data-dir', dataDir, '--port', '0', '--log-level', 'silent', '--kubeconfig', kubeconfigPath, '--cluster-name', 'dev'],
      captured.io,
    );
    while (!captured.stdout().includes('engenho is up')) await new Promise((resolve) => setTimeout(resolve, 20));
    const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8'));
    expect(kubeconfig['current-context']).toBe('kubernetes-admin@dev');
    expect(kubeconfig.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dataDir, 'kubeconfig.yaml'))).toBe(false);
    expect(existsSync(join(dataDir, 'state.db'))).toBe(true);
    expect(captured.stdout()).toContain(`  export KUBECONFIG=${kubeconfigPath}\n`);
    expect(captured.stdout()).toContain(`  kubectl --kubeconfig ${kubeconfigPath} get nodes\n`);
    stop.abort();
    expect(await running).toBe(0);
  });
});
