// The shape of a controller (ARCHITECTURE.md): a level-based reconcile(key) plus the watches that
// enqueue keys. The runtime owns the queue, the workers, retries and back-off.
import type { Informer, KubeObject } from '../../client/index.js';
import type { RateLimiter } from './rate-limiter.js';

/** Nothing (done), or ask to be called again for this key after a delay. */
export type ReconcileResult = void | { requeueAfter: number };

export function requeueAfter(ms: number): { requeueAfter: number } {
  return { requeueAfter: ms };
}

/** Thrown by reconcile for failures that retrying cannot fix: counted, logged, not retried. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export interface ReconcileContext {
  /** Aborted when the controller stops. */
  signal: AbortSignal;
  /** How many times this key has failed in a row. */
  retries: number;
}

/** Maps a changed object to the keys ("namespace/name" or "name") to reconcile. */
export type KeyMapper<T> = (object: T) => string[];

export interface Watch<T extends KubeObject = KubeObject> {
  informer: Informer<T>;
  /** Default: the object's own key. */
  map?: KeyMapper<T>;
}

/** A watch with its mapper type-checked against the informer's kind. */
export function watch<T extends KubeObject>(informer: Informer<T>, map?: KeyMapper<T>): Watch<T> {
  return { informer, map };
}

export interface Controller {
  name: string;
  reconcile(key: string, context: ReconcileContext): Promise<ReconcileResult>;
  // Each watch may be over a different kind; the mapper is checked where the watch is declared.
  watches: Watch<any>[];
  /**
   * Called each time the controller starts with `add`, which subscribes one more watch; for watches
   * found at run time (the garbage collector's custom resources). Call it again for every such watch.
   */
  dynamicWatches?(add: (watch: Watch<any>) => void): void;
  /** Concurrent reconciles of different keys (default 1). */
  workers?: number;
  /** Retry back-off of failed keys (default: defaultControllerRateLimiter(), 5 ms doubling to 1000 s). */
  rateLimiter?: RateLimiter<string>;
}
