// DefaultBinder: writes the decision through the pods/binding subresource.
import type { Plugin } from '../framework/plugin.js';
import { errorStatus } from '../framework/status.js';
import type { PodInfo } from '../pod-info.js';

/** Creates the Binding; rejects with the API error when the server refuses it. */
export type BindFunction = (pod: PodInfo, nodeName: string) => Promise<void>;

export function defaultBinder(bind: BindFunction): Plugin {
  return {
    name: 'DefaultBinder',
    async bind(_state, pod, nodeName) {
      try {
        await bind(pod, nodeName);
        return undefined;
      } catch (error) {
        return errorStatus((error as Error).message);
      }
    },
  };
}
