// Controller expectations, as client-go's ControllerExpectations: a controller that just created or
// deleted N objects records that it expects to see them, and does not act on the key again until its
// informers have observed them (or the expectations expired), so lagging caches never make it
// create or delete twice.
import { realClock, type Clock } from '../../client/index.js';

interface Expectation {
  adds: number;
  /** Keys ("namespace/name") of the objects whose deletion is awaited. */
  deletions: Set<string>;
  setAt: number;
}

export interface ExpectationsOptions {
  clock?: Clock;
  /** After this long expectations count as met anyway (default 5 minutes, as upstream). */
  ttlMs?: number;
}

export class Expectations {
  private readonly byKey = new Map<string, Expectation>();
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(options: ExpectationsOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
  }

  /** Whether the controller may act on `key`: nothing pending, or what was pending has expired. */
  satisfied(key: string): boolean {
    const expectation = this.byKey.get(key);
    if (expectation === undefined) return true;
    if (expectation.adds <= 0 && expectation.deletions.size === 0) return true;
    return this.clock.now() - expectation.setAt > this.ttlMs;
  }

  expectCreations(key: string, count: number): void {
    this.byKey.set(key, { adds: count, deletions: new Set(), setAt: this.clock.now() });
  }

  expectDeletions(key: string, objectKeys: string[]): void {
    this.byKey.set(key, { adds: 0, deletions: new Set(objectKeys), setAt: this.clock.now() });
  }

  /** An informer saw one of the expected objects appear (or a create failed, so it never will). */
  creationObserved(key: string): void {
    const expectation = this.byKey.get(key);
    if (expectation !== undefined && expectation.adds > 0) expectation.adds -= 1;
  }

  /** An informer saw the object go (or the delete failed). */
  deletionObserved(key: string, objectKey: string): void {
    this.byKey.get(key)?.deletions.delete(objectKey);
  }

  /** Forgets `key` (its owner was deleted). */
  delete(key: string): void {
    this.byKey.delete(key);
  }

  /** What is still awaited, for logs and tests. */
  pending(key: string): { adds: number; deletions: string[] } | undefined {
    const expectation = this.byKey.get(key);
    return expectation === undefined ? undefined : { adds: Math.max(0, expectation.adds), deletions: [...expectation.deletions].sort() };
  }
}
