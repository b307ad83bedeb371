// A small in-process cluster for integration tests: a real API server on a temp store, the
// controllers, the scheduler and simulated kubelets, plus a kubectl bound to it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '../../client/index.js';
import { startRealApiServer, type RealApiServer } from '../../client/testing/real-api-server.js';
import { runKubelets, type RunningKubelets } from '../../kubelet/index.js';
import { runScheduler } from '../../scheduler/index.js';
import type { ControllerFactory } from '../controller-context.js';
import { runControllers } from '../index.js';

const run = promisify(execFile);

export interface SimClusterOptions {
  /** Only these controllers (default: every controller of CONTROLLER_FACTORIES). */
  factories?: Record<string, ControllerFactory>;
  /** Simulated nodes (default 2). */
  nodes?: number;
  /** Options of the sim runtime (e.g. startDelayMs). */
  sim?: Parameters<typeof runKubelets>[0]['sim'];
  /** Anything else for every kubelet (e.g. `runtime`; one runtime object is shared, so use it with `nodes: 1`). */
  kubelet?: Parameters<typeof runKubelets>[0]['kubelet'];
}

export interface SimCluster {
  api: RealApiServer;
  kubelets: RunningKubelets;
  /** A new client over the in-process transport. */
  client(): Client;
  /** Runs the real kubectl against the cluster and returns its stdout. */
  kubectl(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startSimCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  const api = await startRealApiServer();
  const client = () => new Client(api.inProcess());
  const controllers = runControllers({ client, factories: options.factories });
  const scheduler = runScheduler({ client: client() });
  const kubelets = runKubelets({ client: client(), count: options.nodes ?? 2, sim: options.sim, kubelet: options.kubelet });
  await Promise.all([controllers.ready, scheduler.ready, kubelets.ready]);
  return {
    api,
    kubelets,
    client,
    kubectl: async (...args) => (await run('kubectl', ['--kubeconfig', api.kubeconfig, ...args])).stdout,
    async stop() {
      await kubelets.stop();
      await scheduler.stop();
      await controllers.stop();
      await api.stop();
    },
  };
}
