// The in-process components `engenho up` runs beside the API server. Each talks to it through the
// typed client over the in-process transport (same handler chain as HTTPS, no sockets), as its own
// user, so it could equally run against any cluster. Controllers and kubelets join this list when
// their folders offer an entry point.
import type { Logger } from 'pino';
import { type ApiContext, createInProcessTransport, type UserInfo } from '../apiserver/index.js';
import { Client } from '../client/index.js';
import type { EngenhoConfig } from '../config/index.js';
import { runScheduler } from '../scheduler/index.js';

export interface RunningComponent {
  name: string;
  stop(): Promise<void>;
}

const SCHEDULER_USER: UserInfo = { name: 'system:kube-scheduler', groups: ['system:authenticated'] };

export function inProcessClient(context: ApiContext, user: UserInfo, fieldManager: string): Client {
  return new Client(createInProcessTransport(context, user), { fieldManager });
}

export function startComponents(config: EngenhoConfig, context: ApiContext, logger: Logger): RunningComponent[] {
  const running: RunningComponent[] = [];
  if (config.scheduler.enabled) {
    const schedulerLogger = logger.child({ component: 'scheduler' });
    const scheduler = runScheduler({
      client: inProcessClient(context, SCHEDULER_USER, 'kube-scheduler'),
      schedulerName: config.scheduler.schedulerName,
      percentageOfNodesToScore: config.scheduler.percentageOfNodesToScore,
      logger: schedulerLogger,
    });
    scheduler.ready.then(
      () => schedulerLogger.info('scheduler running'),
      (error: unknown) => schedulerLogger.error({ err: error }, 'scheduler failed to start'),
    );
    running.push({ name: 'scheduler', stop: () => scheduler.stop() });
  }
  return running;
}
