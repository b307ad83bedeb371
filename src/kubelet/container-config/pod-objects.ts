// The ConfigMaps and Secrets a pod refers to, read from the API once per use (a pod sync or a volume
// set-up). Not found is reported with the kubelet's own message (`configmap "x" not found`, as
// upstream's configmap/secret managers word it), so callers can honour `optional`.
import type { ConfigMap, Secret } from '../../api/index.js';
import { isNotFound, type Client } from '../../client/index.js';

export class ObjectNotFoundError extends Error {
  constructor(kind: 'configmap' | 'secret', name: string) {
    super(`${kind} "${name}" not found`);
    this.name = 'ObjectNotFoundError';
  }
}

export class PodObjects {
  private readonly configMaps = new Map<string, Promise<ConfigMap>>();
  private readonly secrets = new Map<string, Promise<Secret>>();

  constructor(
    private readonly client: Client,
    private readonly namespace: string,
  ) {}

  configMap(name: string): Promise<ConfigMap> {
    let found = this.configMaps.get(name);
    if (!found) this.configMaps.set(name, (found = this.read<ConfigMap>('configmaps', 'configmap', name)));
    return found;
  }

  secret(name: string): Promise<Secret> {
    let found = this.secrets.get(name);
    if (!found) this.secrets.set(name, (found = this.read<Secret>('secrets', 'secret', name)));
    return found;
  }

  private async read<T extends ConfigMap | Secret>(resource: string, kind: 'configmap' | 'secret', name: string): Promise<T> {
    try {
      return await this.client.resource<T>('v1', resource).get(name, { namespace: this.namespace });
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(kind, name);
      throw error;
    }
  }
}

/** Reads an object, or undefined when it is missing and `optional` allows that. */
export async function optionalObject<T>(read: Promise<T>, optional: boolean | undefined): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (optional && error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
}

/** A Secret's values decoded from base64; stringData wins, as upstream folds it into data on write (this API server keeps it). */
export function secretData(secret: Secret): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) out[key] = Buffer.from(String(value), 'base64');
  for (const [key, value] of Object.entries(secret.stringData ?? {})) out[key] = Buffer.from(String(value));
  return out;
}

/** A ConfigMap's values: data as UTF-8 text, binaryData decoded from base64. */
export function configMapData(configMap: ConfigMap): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(configMap.data ?? {})) out[key] = Buffer.from(String(value));
  for (const [key, value] of Object.entries(configMap.binaryData ?? {})) out[key] = Buffer.from(String(value), 'base64');
  return out;
}
