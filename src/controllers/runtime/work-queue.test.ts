import { describe, expect, it } from 'vitest';
import { FakeClock, settle } from '../../client/testing/index.js';
import { MetricsRegistry } from './metrics.js';
import { BucketRateLimiter, defaultControllerRateLimiter, ItemExponentialRateLimiter } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

describe('WorkQueue', () => {
  it('de-duplicates keys waiting to be processed and hands them out in order', async () => {
    const queue = new WorkQueue({ clock: new FakeClock() });
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.length).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
    expect(queue.length).toBe(0);
  });

  it('never hands out a key being processed; re-adds during processing run once after done()', async () => {
    const queue = new WorkQueue({ clock: new FakeClock() });
    queue.add('a');
    const first = await queue.get();
    queue.add('a');
    queue.add('a');
    expect(queue.length).toBe(0);
    let second: string | undefined;
    void queue.get().then((key) => (second = key));
    await settle();
    expect(second).toBeUndefined();
    queue.done(first!);
    await settle();
    expect(second).toBe('a');
    queue.done('a');
    expect(queue.length).toBe(0);
  });

  it('adds after a delay on the injected clock; the earlier of two delays wins', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 100);
    queue.addAfter('a', 50);
    queue.addAfter('a', 500);
    await clock.advance(49);
    expect(queue.length).toBe(0);
    await clock.advance(1);
    expect(queue.length).toBe(1);
    await clock.advance(1000);
    expect(queue.length).toBe(1);
  });

  it('backs off per key exponentially from 5 ms and forgets on success', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock, rateLimiter: new ItemExponentialRateLimiter(5, 1_000_000) });
    const readyTimes: number[] = [];
    const start = clock.now();
    for (let i = 0; i < 4; i++) {
      queue.addRateLimited('a');
      while (queue.length === 0) await clock.advance(1);
      readyTimes.push(clock.now() - start);
      queue.done((await queue.get())!);
    }
    expect(readyTimes).toEqual([5, 15, 35, 75]);
    expect(queue.numRequeues('a')).toBe(4);
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
  });

  it('resolves waiting getters with undefined on shutdown and ignores later adds', async () => {
    const queue = new WorkQueue({ clock: new FakeClock() });
    const pending = queue.get();
    queue.shutDown();
    expect(await pending).toBeUndefined();
    queue.add('a');
    expect(await queue.get()).toBeUndefined();
  });

  it('reports depth and adds as metrics', async () => {
    const metrics = new MetricsRegistry();
    const queue = new WorkQueue({ name: 'demo', clock: new FakeClock(), metrics });
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(metrics.render()).toContain('workqueue_depth{name="demo"} 2\n');
    expect(metrics.render()).toContain('workqueue_adds_total{name="demo"} 2\n');
    await queue.get();
    expect(metrics.render()).toContain('workqueue_depth{name="demo"} 1\n');
  });
});

describe('rate limiters', () => {
  it('item exponential: 5 ms doubling, capped at 1000 s', () => {
    const limiter = new ItemExponentialRateLimiter();
    const delays = Array.from({ length: 30 }, () => limiter.when('k'));
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(delays.at(-1)).toBe(1_000_000);
    expect(limiter.when('other')).toBe(5);
  });

  it('bucket: a burst passes free, then one token per 1/qps', async () => {
    const clock = new FakeClock();
    const limiter = new BucketRateLimiter(10, 3, clock);
    expect([limiter.when(), limiter.when(), limiter.when(), limiter.when(), limiter.when()]).toEqual([0, 0, 0, 100, 200]);
    await clock.advance(1000);
    expect(limiter.when()).toBe(0);
  });

  it('default controller limiter is the larger of both', () => {
    const limiter = defaultControllerRateLimiter({ clock: new FakeClock(), burst: 1, qps: 1 });
    expect(limiter.when('a')).toBe(5);
    expect(limiter.when('b')).toBe(1000);
  });
});
