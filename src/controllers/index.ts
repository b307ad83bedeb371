// The controllers' public face: runControllers builds one Manager (shared informers) and adds every
// controller switched on in config (controllers.<name>, on unless set to false).
import { realClock, type Client, type Clock } from '../client/index.js';
import { type ControllerContext, type ControllerFactory, type ControllerLogger, silentLogger } from './controller-context.js';
import { EventRecorder, Manager } from './runtime/index.js';
import { deploymentController } from './deployment-controller.js';
import { garbageCollectorController } from './garbage-collector.js';
import { namespaceController } from './namespace-controller.js';
import { replicaSetController } from './replicaset-controller.js';
import { jobController } from './job-controller.js';
import { serviceAccountController } from './serviceaccount-controller.js';
import { serviceController } from './service-controller.js';
import { cronJobFactory } from './cronjob-controller.js';
import { disruptionController } from './disruption-controller.js';
import { nodeLifecycleController } from './node-lifecycle-controller.js';
import { statefulSetController } from './statefulset-controller.js';
import { daemonSetController } from './daemonset-controller.js';
import { podGcControllerFactory } from './podgc-controller.js';

export type { ControllerContext, ControllerFactory, ControllerLogger } from './controller-context.js';

/**
 * Every controller by its config name (src/config CONTROLLER_NAMES). Add a controller here:
 * `name: factory`, the factory building it from the shared ControllerContext.
 */
export const CONTROLLER_FACTORIES: Record<string, ControllerFactory> = {
  namespace: namespaceController,
  garbagecollector: garbageCollectorController,
  replicaset: replicaSetController,
  deployment: deploymentController,
  job: jobController,
  serviceaccount: serviceAccountController,
  service: serviceController,
  cronjob: cronJobFactory,
  statefulset: statefulSetController,
  daemonset: daemonSetController,
  disruption: disruptionController,
  nodelifecycle: nodeLifecycleController,
  podgc: podGcControllerFactory,
};

export interface RunControllersOptions {
  /** One client for everything, or one per controller identity (called with the controller's config name). */
  client: Client | ((controllerName: string) => Client);
  /** controllers.<name> switches; a controller missing here runs. */
  config?: Partial<Record<string, boolean>>;
  logger?: ControllerLogger;
  clock?: Clock;
  /** Override the list (tests run a subset). */
  factories?: Record<string, ControllerFactory>;
  leaderElection?: { namespace: string; name: string; identity: string };
  cacheSyncTimeoutMs?: number;
}

export interface RunningControllers {
  manager: Manager;
  /** The config names of the controllers that run. */
  names: string[];
  /** Resolves once the informers synced and the controllers run. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function runControllers(options: RunControllersOptions): RunningControllers {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;
  const clientFor = typeof options.client === 'function' ? options.client : () => options.client as Client;
  const manager = new Manager({
    client: clientFor('controller-manager'),
    clock,
    leaderElection: options.leaderElection,
    cacheSyncTimeoutMs: options.cacheSyncTimeoutMs,
    onError: (error, where) => logger.warn({ ...where, err: error instanceof Error ? error.message : String(error) }, 'controller error'),
  });
  const names: string[] = [];
  for (const [name, factory] of Object.entries(options.factories ?? CONTROLLER_FACTORIES)) {
    if (options.config?.[name] === false) continue;
    const client = clientFor(name);
    const context: ControllerContext = {
      manager,
      client,
      clock,
      logger,
      recorder: new EventRecorder({ client, component: `${name}-controller`, clock, onError: (error) => logger.warn({ err: String(error) }, 'event not recorded') }),
    };
    const built = factory(context);
    for (const controller of Array.isArray(built) ? built : [built]) manager.add(controller);
    names.push(name);
  }
  const ready = manager.start();
  ready.catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'controllers failed to start'));
  return { manager, names, ready, stop: () => manager.stop() };
}
