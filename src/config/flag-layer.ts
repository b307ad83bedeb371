// The flag tier. The table below is the one list of config flags: the CLI registers exactly these
// on every command that loads configuration, and docs/configuration.md documents them.
import { didYouMean } from './did-you-mean.js';
import { ConfigError } from './errors.js';
import { coerceText } from './coerce.js';
import { type ConfigLayer, setIn } from './layer.js';
import { CONTROLLER_NAMES } from './schema.js';
import { findLeaf } from './schema-walk.js';

export interface ConfigFlag {
  /** Long flag name without dashes, e.g. "bind-address". */
  name: string;
  /** The key it sets; absent for flags with their own meaning (disable-controllers). */
  path?: string[];
  valueName: string;
  description: string;
}

export const CONFIG_FLAGS: readonly ConfigFlag[] = [
  { name: 'data-dir', path: ['dataDir'], valueName: 'dir', description: 'directory for state, certificates and kubeconfig' },
  { name: 'port', path: ['server', 'port'], valueName: 'port', description: 'API server port (0 = a random free port)' },
  { name: 'bind-address', path: ['server', 'bindAddress'], valueName: 'ip', description: 'address the API server listens on' },
  { name: 'tls-dir', path: ['server', 'tlsDir'], valueName: 'dir', description: 'directory of the CA and certificates' },
  { name: 'tls-san', path: ['server', 'extraSANs'], valueName: 'names', description: 'extra serving-certificate SANs (comma-separated)' },
  { name: 'cluster-name', path: ['cluster', 'name'], valueName: 'name', description: 'cluster name (kubeconfig cluster and context)' },
  { name: 'cluster-cidr', path: ['cluster', 'clusterCIDR'], valueName: 'cidr', description: 'pod network range' },
  { name: 'service-cidr', path: ['cluster', 'serviceCIDR'], valueName: 'cidr', description: 'service ClusterIP range' },
  { name: 'cluster-domain', path: ['cluster', 'clusterDomain'], valueName: 'domain', description: 'cluster DNS domain' },
  { name: 'store-sqlite-path', path: ['store', 'sqlite', 'path'], valueName: 'file', description: 'SQLite database file' },
  { name: 'store-etcd-endpoints', path: ['store', 'etcd', 'endpoints'], valueName: 'urls', description: 'use etcd at these endpoints (comma-separated)' },
  { name: 'store-etcd-ca', path: ['store', 'etcd', 'tls', 'ca'], valueName: 'file', description: 'etcd CA certificate' },
  { name: 'store-etcd-cert', path: ['store', 'etcd', 'tls', 'cert'], valueName: 'file', description: 'etcd client certificate' },
  { name: 'store-etcd-key', path: ['store', 'etcd', 'tls', 'key'], valueName: 'file', description: 'etcd client key' },
  { name: 'nodes', path: ['kubelet', 'nodes'], valueName: 'count', description: 'number of nodes to run' },
  { name: 'runtime', path: ['kubelet', 'runtime'], valueName: 'runtime', description: 'container runtime: sim or podman' },
  { name: 'kubelet-port', path: ['kubelet', 'serverPort'], valueName: 'port', description: "port of the kubelet's HTTPS endpoint on 127.0.0.1 (0 = random)" },
  { name: 'scheduler', path: ['scheduler', 'enabled'], valueName: 'bool', description: 'run the scheduler (true/false)' },
  { name: 'disable-controllers', valueName: 'names', description: `controllers to switch off (comma-separated: ${CONTROLLER_NAMES.join(', ')})` },
  { name: 'log-level', path: ['logging', 'level'], valueName: 'level', description: 'trace, debug, info, warn, error, fatal or silent' },
  { name: 'log-format', path: ['logging', 'format'], valueName: 'format', description: 'auto (pretty on a TTY), pretty or json' },
];

/** `given` holds only the flags present on the command line, by name without dashes. */
export function flagLayer(given: Record<string, string>): ConfigLayer {
  const values: Record<string, unknown> = {};
  const flagOfPath = new Map<string, string>();
  for (const [name, text] of Object.entries(given)) {
    const flag = CONFIG_FLAGS.find((candidate) => candidate.name === name);
    if (!flag) continue;
    if (flag.name === 'disable-controllers') {
      for (const controller of text.split(',').map((item) => item.trim()).filter(Boolean)) {
        if (!(CONTROLLER_NAMES as readonly string[]).includes(controller)) {
          throw new ConfigError([
            `flag --disable-controllers: unknown controller "${controller}"${didYouMean(controller, CONTROLLER_NAMES)}; expected some of ${CONTROLLER_NAMES.join(', ')}`,
          ]);
        }
        setIn(values, ['controllers', controller], false);
        flagOfPath.set(`controllers.${controller}`, '--disable-controllers');
      }
      continue;
    }
    const leaf = flag.path && findLeaf(flag.path);
    if (!leaf) continue;
    setIn(values, leaf.path, coerceText(leaf, text));
    flagOfPath.set(leaf.path.join('.'), `--${flag.name}`);
  }
  return { values, sourceOf: (path) => ({ kind: 'flag', name: flagOfPath.get(path) ?? '--?' }) };
}
