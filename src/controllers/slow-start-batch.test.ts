import { describe, expect, it } from 'vitest';
import { slowStartBatch } from './slow-start-batch.js';

function recorder(failOn: Set<number> = new Set()) {
  let calls = 0;
  let inFlight = 0;
  const batches: number[] = [];
  let batch = 0;
  const call = async () => {
    const n = ++calls;
    inFlight++;
    batch = Math.max(batch, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    if (inFlight === 0) {
      batches.push(batch);
      batch = 0;
    }
    if (failOn.has(n)) throw new Error(`call ${n} failed`);
    return n;
  };
  return { call, batches, calls: () => calls };
}

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4, ... up to what remains', async () => {
    const r = recorder();
    const outcome = await slowStartBatch(10, r.call);
    expect(r.batches).toEqual([1, 2, 4, 3]);
    expect(outcome).toEqual({ results: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], skipped: 0, errors: [] });
  });

  it('stops after the first batch with a failure and reports what it skipped', async () => {
    const r = recorder(new Set([5]));
    const outcome = await slowStartBatch(10, r.call);
    expect(r.batches).toEqual([1, 2, 4]);
    expect(outcome.results).toEqual([1, 2, 3, 4, 6, 7]);
    expect(outcome.skipped).toBe(3);
    expect(outcome.errors.map((error) => (error as Error).message)).toEqual(['call 5 failed']);
  });

  it('does nothing for zero', async () => {
    const r = recorder();
    expect(await slowStartBatch(0, r.call)).toEqual({ results: [], skipped: 0, errors: [] });
    expect(r.calls()).toBe(0);
  });
});
