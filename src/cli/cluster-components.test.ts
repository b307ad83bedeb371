import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApiContext } from '../apiserver/index.js';
import { CONTROLLER_NAMES, loadConfig } from '../config/index.js';
import { checkComponentsAvailable, startComponents } from './cluster-components.js';

describe('startComponents', () => {
  it('starts nothing when the scheduler, every controller and the nodes are switched off', async () => {
    const { config } = loadConfig({
      flags: { scheduler: 'false', nodes: '0', 'disable-controllers': CONTROLLER_NAMES.join(',') },
      env: { XDG_CONFIG_HOME: '/nonexistent' },
    });
    expect(await startComponents(config, {} as ApiContext, pino({ level: 'silent' }))).toEqual([]);
  });
});

describe('checkComponentsAvailable', () => {
  it('refuses the podman runtime when podman is not installed, unless there are no nodes', () => {
    const configWith = (flags: Record<string, string>) =>
      loadConfig({ flags, env: { XDG_CONFIG_HOME: '/nonexistent', ENGENHO_KUBELET_PODMAN_BINARY: 'podman-not-installed' } }).config;
    expect(() => checkComponentsAvailable(configWith({ runtime: 'podman' }))).toThrow(
      'kubelet.runtime "podman" needs podman, but "podman-not-installed" was not found on PATH; install podman, set kubelet.podman.binary or kubelet.podman.socket, or use --runtime sim',
    );
    expect(() => checkComponentsAvailable(configWith({ runtime: 'podman', nodes: '0' }))).not.toThrow();
    expect(() => checkComponentsAvailable(configWith({}))).not.toThrow();
  });
});
