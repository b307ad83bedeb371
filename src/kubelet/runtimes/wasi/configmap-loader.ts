// The ConfigMap loader the kubelet wiring hands the WASI runtime: reads `binaryData[key]` (base64)
// with the node's client. Kept out of the runtime so the runtime itself never talks to the API.
import type { ConfigMap } from '../../../api/index.js';
import { isNotFound, type Client } from '../../../client/index.js';
import type { ConfigMapBinaryLoader } from './module-source.js';

export function configMapBinaryLoader(client: Client): ConfigMapBinaryLoader {
  return async (namespace, name, key) => {
    let configMap: ConfigMap;
    try {
      configMap = await client.resource<ConfigMap>('v1', 'configmaps').get(name, { namespace });
    } catch (error) {
      if (isNotFound(error)) throw new Error(`configmap "${name}" not found`);
      throw error;
    }
    const encoded = configMap.binaryData?.[key];
    if (encoded === undefined) {
      const inData = configMap.data?.[key] !== undefined ? ' (it is in data; a module must be in binaryData)' : '';
      throw new Error(`configmap "${name}" has no binaryData key "${key}"${inData}`);
    }
    return Buffer.from(encoded, 'base64');
  };
}
