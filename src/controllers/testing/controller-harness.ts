// Test support only: a real API server with the chosen controllers running against it through the
// in-process transport, plus a fake kubelet's touch (marking pods Running and Ready).
import type { Pod } from '../../api/index.js';
import { Client, realClock, type Clock } from '../../client/index.js';
import { eventually, startRealApiServer, type RealApiServer } from '../../client/testing/real-api-server.js';
import type { ControllerFactory } from '../controller-context.js';
import { runControllers, type RunningControllers } from '../index.js';

export { eventually };

export interface ControllerHarness {
  api: RealApiServer;
  client: Client;
  controllers: RunningControllers;
  /** Marks every pending pod in the namespace Running and Ready (as a kubelet would); returns how many. */
  readyPods(namespace: string, filter?: (pod: Pod) => boolean): Promise<number>;
  stop(): Promise<void>;
}

export async function startControllerHarness(factories: Record<string, ControllerFactory>, clock: Clock = realClock): Promise<ControllerHarness> {
  const api = await startRealApiServer();
  const client = new Client(api.inProcess(), { fieldManager: 'test' });
  const controllers = runControllers({ client: new Client(api.inProcess(), { fieldManager: 'controllers' }), factories, clock });
  await controllers.ready;
  const pods = client.resource<Pod>('v1', 'pods');
  return {
    api,
    client,
    controllers,
    async readyPods(namespace, filter = () => true) {
      const { items } = await pods.list({ namespace });
      let count = 0;
      for (const pod of items) {
        if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Running' || !filter(pod)) continue;
        const now = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
        await pods.updateStatus({
          ...pod,
          apiVersion: 'v1',
          kind: 'Pod',
          status: { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] },
        });
        count++;
      }
      return count;
    },
    async stop() {
      await controllers.stop();
      await api.stop();
    },
  };
}
