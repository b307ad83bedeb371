import { describe, expect, it } from 'vitest';
import { podmanOptionsFromConfig } from './create-podman-runtime.js';
import { podmanGlobalArgs } from './podman-service.js';

describe('podman options', () => {
  it('turn the kubelet.podman config section into runtime options (empty strings = podman defaults)', () => {
    const config = { binary: 'podman', socket: '', network: 'podman', containersConf: '/etc/engenho/containers.conf', ociRuntime: 'runc', root: '', runRoot: '' };
    expect(podmanOptionsFromConfig('node-1', config)).toEqual({
      nodeName: 'node-1',
      binary: 'podman',
      socket: undefined,
      network: 'podman',
      containersConf: '/etc/engenho/containers.conf',
      ociRuntime: 'runc',
      root: undefined,
      runRoot: undefined,
    });
    expect(podmanOptionsFromConfig('node-1', { ...config, socket: '/run/podman/podman.sock' }).socket).toBe('/run/podman/podman.sock');
  });

  it('pass storage, state and OCI runtime to podman as global flags', () => {
    expect(podmanGlobalArgs({})).toEqual([]);
    expect(podmanGlobalArgs({ root: '/r', runRoot: '/rr', ociRuntime: 'runc' })).toEqual(['--root', '/r', '--runroot', '/rr', '--runtime', 'runc']);
  });
});
