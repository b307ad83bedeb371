// The in-process components `engenho up` runs beside the API server: controllers, scheduler and
// simulated nodes. Each talks to the API server through the typed client over the in-process
// transport (same handler chain as HTTPS, no sockets), as its own user, so it could equally run
// against any cluster.
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Pod } from '../api/index.js';
import { type ApiContext, createInProcessTransport, type UserInfo } from '../apiserver/index.js';
import { Client } from '../client/index.js';
import type { EngenhoConfig } from '../config/index.js';
import { runControllers } from '../controllers/index.js';
import { createNodeRuntime, ensureWasmRuntimeClass, podmanUnavailable, runKubelets, type ContainerRuntime, type RunningKubelets } from '../kubelet/index.js';
import type { CertificateAuthority } from '../pki/index.js';
import { runScheduler, type RunSchedulerOptions } from '../scheduler/index.js';
import { CliError } from './io.js';
import { startKubeletServing } from './kubelet-serving.js';

export interface RunningComponent {
  name: string;
  stop(): Promise<void>;
}

const AUTHENTICATED = 'system:authenticated';
const SCHEDULER_USER: UserInfo = { name: 'system:kube-scheduler', groups: [AUTHENTICATED] };
const CONTROLLER_MANAGER_USER: UserInfo = { name: 'system:kube-controller-manager', groups: [AUTHENTICATED] };
const NODE_GROUP = 'system:nodes';

export function inProcessClient(context: ApiContext, user: UserInfo, fieldManager: string): Client {
  return new Client(createInProcessTransport(context, user), { fieldManager });
}

/** Fails before anything starts when the configuration asks for a component this build lacks. */
export function checkComponentsAvailable(config: EngenhoConfig): void {
  if (config.kubelet.nodes > 0 && config.kubelet.runtime === 'podman') {
    const missing = podmanUnavailable(config.kubelet.podman);
    if (missing) throw new CliError(missing, 1);
  }
}

/**
 * Starts the components in dependency order; the caller stops them in reverse. With the cluster CA
 * the nodes get their HTTPS endpoint (kubelet-serving.ts) and the API server reaches them through
 * it; without, pods/log calls the in-process kubelets directly.
 */
export async function startComponents(
  config: EngenhoConfig,
  context: ApiContext,
  logger: Logger,
  certificates?: { ca: CertificateAuthority },
): Promise<RunningComponent[]> {
  const running: RunningComponent[] = [];
  const whenReady = (name: string, ready: Promise<unknown>, componentLogger: Logger) =>
    ready.then(
      () => componentLogger.info(`${name} running`),
      (error: unknown) => componentLogger.error({ err: error }, `${name} failed to start`),
    );

  const controllerSwitches: Record<string, boolean> = { ...config.controllers };
  // The scheduler reads pods, nodes and namespaces from the controllers' informers: one copy, one decode.
  let sharedInformers: RunSchedulerOptions['sharedInformers'];
  if (Object.values(controllerSwitches).some(Boolean)) {
    const controllersLogger = logger.child({ component: 'controllers' });
    const controllers = runControllers({
      client: inProcessClient(context, CONTROLLER_MANAGER_USER, 'kube-controller-manager'),
      config: controllerSwitches,
      logger: controllersLogger,
    });
    controllersLogger.info({ controllers: controllers.names }, 'starting controllers');
    void whenReady('controllers', controllers.ready, controllersLogger);
    sharedInformers = controllers.manager;
    // GET /metrics on the API server also shows the controllers' workqueue and reconcile metrics.
    const unregisterMetrics = context.metrics.register(() => controllers.manager.metrics.render());
    running.push({
      name: 'controllers',
      stop: () => {
        unregisterMetrics();
        return controllers.stop();
      },
    });
  }

  if (config.scheduler.enabled) {
    const schedulerLogger = logger.child({ component: 'scheduler' });
    const scheduler = runScheduler({
      client: inProcessClient(context, SCHEDULER_USER, 'kube-scheduler'),
      schedulerName: config.scheduler.schedulerName,
      percentageOfNodesToScore: config.scheduler.percentageOfNodesToScore,
      logger: schedulerLogger,
      sharedInformers,
    });
    void whenReady('scheduler', scheduler.ready, schedulerLogger);
    const unregisterMetrics = context.metrics.register(() => scheduler.metrics());
    running.push({
      name: 'scheduler',
      stop: () => {
        unregisterMetrics();
        return scheduler.stop();
      },
    });
  }

  if (config.kubelet.nodes > 0) {
    const kubeletLogger = logger.child({ component: 'kubelet' });
    let local: RunningKubelets | undefined;
    const serving = certificates
      ? await startKubeletServing({
          port: config.kubelet.serverPort,
          ca: certificates.ca,
          context,
          pods: { findPod: (namespace, name) => local?.findPod(namespace, name) },
          isLocalNode: (nodeName) => local?.kubelets.some((kubelet) => kubelet.nodeName === nodeName) ?? false,
          logger: kubeletLogger,
        })
      : undefined;
    if (serving) kubeletLogger.info({ port: serving.server.port }, 'kubelet endpoint listening on 127.0.0.1');
    const nodeClient = (nodeName: string) => inProcessClient(context, { name: `system:node:${nodeName}`, groups: [NODE_GROUP, AUTHENTICATED] }, 'kubelet');
    const kubeletClient = inProcessClient(context, { name: 'system:node:engenho', groups: [NODE_GROUP, AUTHENTICATED] }, 'kubelet');
    // Each node: the configured runtime, and WASI for pods of the `wasm` RuntimeClass.
    await ensureWasmRuntimeClass(kubeletClient);
    const runtimes: ContainerRuntime[] = [];
    try {
      for (let index = 0; index < config.kubelet.nodes; index++) {
        const nodeName = `engenho-node-${index}`;
        runtimes.push(await createNodeRuntime({ kind: config.kubelet.runtime, nodeName, index, client: nodeClient(nodeName), podman: config.kubelet.podman }));
      }
    } catch (error) {
      await Promise.all(runtimes.map((runtime) => runtime.close()));
      await serving?.server.close();
      throw new CliError(`kubelet: ${error instanceof Error ? error.message : String(error)}`, 1);
    }
    const kubelets = runKubelets({
      client: kubeletClient,
      // One copy of every pod in the process: the controllers' (and scheduler's) pod informer.
      pods: sharedInformers?.informer<Pod>('v1', 'pods'),
      clientForNode: nodeClient,
      count: config.kubelet.nodes,
      namePrefix: 'engenho-node-',
      logger: kubeletLogger,
      runtimeForNode: (_nodeName, index) => runtimes[index],
      kubelet: { serverPort: serving?.server.port, rootDir: resolve(config.kubelet.rootDir) },
    });
    local = kubelets;
    // pods/log (and exec, attach, port-forward over the endpoint) reach the nodes through the API server's node connector.
    context.nodes = serving?.connector ?? kubelets;
    void whenReady(`${config.kubelet.nodes} node(s)`, kubelets.ready, kubeletLogger);
    running.push({
      name: 'kubelets',
      stop: async () => {
        context.nodes = undefined;
        await serving?.server.close();
        await kubelets.stop();
      },
    });
  }
  return running;
}
