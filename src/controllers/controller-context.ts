// What every controller factory receives from runControllers: the shared manager (for informers),
// a client writing as the controller's own identity, an event recorder, the clock and a logger.
import type { Client, Clock } from '../client/index.js';
import type { Controller, EventRecorder, Manager } from './runtime/index.js';

/** pino's `(object, message)` shape, so any pino logger (or a stub) fits. */
export interface ControllerLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface ControllerContext {
  manager: Manager;
  /** Writes as this controller's identity (e.g. system:serviceaccount:kube-system:replicaset-controller). */
  client: Client;
  recorder: EventRecorder;
  clock: Clock;
  logger: ControllerLogger;
}

/** Builds one controller (or a few that belong together) from the shared context. */
export type ControllerFactory = (context: ControllerContext) => Controller | Controller[];

export const silentLogger: ControllerLogger = { info() {}, warn() {}, error() {} };
