// The prescribed defaults: the lowest tier. Values that depend on another key (the TLS dir and the
// SQLite file live under dataDir) are filled in by derived-defaults.ts after the tiers are merged.
import type { ControllerName } from './schema.js';
import { CONTROLLER_NAMES } from './schema.js';

export const DEFAULT_DATA_DIR = './.engenho';

export function defaultLayer(): Record<string, unknown> {
  return {
    dataDir: DEFAULT_DATA_DIR,
    cluster: {
      name: 'engenho',
      clusterCIDR: '10.42.0.0/16',
      serviceCIDR: '10.43.0.0/16',
      clusterDomain: 'cluster.local',
    },
    server: {
      bindAddress: '127.0.0.1',
      port: 6443,
      extraSANs: [],
    },
    store: {
      compaction: { intervalSeconds: 60, retainRevisions: 10000 },
    },
    scheduler: {
      enabled: true,
      schedulerName: 'default-scheduler',
      percentageOfNodesToScore: 100,
    },
    controllers: Object.fromEntries(CONTROLLER_NAMES.map((name): [ControllerName, boolean] => [name, true])),
    kubelet: {
      nodes: 1,
      runtime: 'sim',
      serverPort: 10250,
      podman: { binary: 'podman', socket: '', network: 'podman', containersConf: '', ociRuntime: '', root: '', runRoot: '' },
    },
    logging: { level: 'info', format: 'auto' },
  };
}
