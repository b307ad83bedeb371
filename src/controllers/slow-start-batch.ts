// Upstream's slowStartBatch (pkg/controller/replicaset): `count` calls in batches of 1, 2, 4, ...
// (never more than what remains), each batch after the previous one finished, stopping after the
// first batch with a failure. A controller that cannot create (quota, admission) then fails once
// instead of `count` times, and a healthy one never floods the API server with one burst.
export interface SlowStartResult<T> {
  results: T[];
  /** Calls never made because a batch failed. */
  skipped: number;
  errors: unknown[];
}

export async function slowStartBatch<T>(count: number, call: () => Promise<T>, initialBatchSize = 1): Promise<SlowStartResult<T>> {
  const results: T[] = [];
  const errors: unknown[] = [];
  let done = 0;
  for (let size = Math.min(initialBatchSize, count); size > 0; size = Math.min(2 * size, count - done)) {
    const settled = await Promise.allSettled(Array.from({ length: size }, () => call()));
    done += size;
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') results.push(outcome.value);
      else errors.push(outcome.reason);
    }
    if (errors.length > 0) break;
  }
  return { results, skipped: count - done, errors };
}
