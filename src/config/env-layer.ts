// The environment tier: ENGENHO_<SECTION>_<KEY> in SCREAMING_SNAKE_CASE for every key
// (server.port -> ENGENHO_SERVER_PORT, cluster.clusterCIDR -> ENGENHO_CLUSTER_CLUSTER_CIDR).
// Lists are comma-separated; empty variables count as unset.
import { coerceText } from './coerce.js';
import { type ConfigLayer, setIn } from './layer.js';
import { configLeaves } from './schema-walk.js';

export const ENV_PREFIX = 'ENGENHO_';
/** Names the config file; not a key of the config itself. */
export const CONFIG_FILE_ENV = 'ENGENHO_CONFIG';

const toScreamingSnake = (key: string): string =>
  key
    .replace(/([A-Z]{2,})s$/, (_, capitals: string) => `${capitals}S`)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();

export const envNameFor = (path: readonly string[]): string => ENV_PREFIX + path.map(toScreamingSnake).join('_');

export function envLayer(env: Record<string, string | undefined>): ConfigLayer {
  const values: Record<string, unknown> = {};
  const names = new Map<string, string>();
  for (const leaf of configLeaves()) {
    const name = envNameFor(leaf.path);
    const text = env[name];
    if (text === undefined || text === '') continue;
    setIn(values, leaf.path, coerceText(leaf, text));
    names.set(leaf.path.join('.'), name);
  }
  return {
    values,
    sourceOf: (path) => ({ kind: 'env', name: names.get(path) ?? ENV_PREFIX }),
  };
}
