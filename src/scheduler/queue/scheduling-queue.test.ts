import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../client/testing/index.js';
import { newPodInfo } from '../pod-info.js';
import { makePod } from '../testing/builders.js';
import { SchedulingQueue } from './scheduling-queue.js';

function setup(pluginEvents?: Map<string, readonly ('NodeAdd' | 'NodeUpdate' | 'AssignedPodDelete' | 'AssignedPodAdd')[]>) {
  const clock = new FakeClock();
  const queue = new SchedulingQueue({ clock, pluginEvents });
  return { clock, queue };
}

describe('SchedulingQueue', () => {
  it('pops higher priority first, then the oldest', async () => {
    const { clock, queue } = setup();
    queue.add(newPodInfo(makePod('low-old', { spec: { priority: 0 } })));
    await clock.advance(10);
    queue.add(newPodInfo(makePod('high', { spec: { priority: 1000 } })));
    await clock.advance(10);
    queue.add(newPodInfo(makePod('low-new', { spec: { priority: 0 } })));
    expect([queue.pop()?.key, queue.pop()?.key, queue.pop()?.key, queue.pop()]).toEqual(['default/high', 'default/low-old', 'default/low-new', undefined]);
  });

  it('backs off 1s, 2s, 4s, 8s, then 10s per attempt', () => {
    const { queue } = setup();
    queue.add(newPodInfo(makePod('p')));
    const popped = queue.pop()!;
    const durations = [1, 2, 3, 4, 5, 6].map((attempts) => queue.backoffDuration({ ...popped, attempts }));
    expect(durations).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('parks an unschedulable pod until an event its rejecting plugin cares about, then waits out the back-off', async () => {
    const { clock, queue } = setup(new Map([['NodeResourcesFit', ['NodeAdd', 'AssignedPodDelete'] as const]]));
    queue.add(newPodInfo(makePod('p')));
    queue.addUnschedulable(queue.pop()!, new Set(['NodeResourcesFit']));
    expect(queue.pending()).toEqual({ active: [], backoff: [], unschedulable: ['default/p'] });

    queue.moveOnEvent('NodeUpdate');
    expect(queue.pending().unschedulable).toEqual(['default/p']);

    await clock.advance(400);
    queue.moveOnEvent('NodeAdd');
    expect(queue.pending()).toEqual({ active: [], backoff: ['default/p'], unschedulable: [] });
    await clock.advance(599);
    expect(queue.pending().backoff).toEqual(['default/p']);
    await clock.advance(1);
    expect(queue.pending()).toEqual({ active: ['default/p'], backoff: [], unschedulable: [] });

    // Second failure: 2s back-off, counted from the failure.
    queue.addUnschedulable(queue.pop()!, new Set(['NodeResourcesFit']));
    await clock.advance(5_000);
    queue.moveOnEvent('AssignedPodDelete');
    expect(queue.pending().active).toEqual(['default/p']);
  });

  it('moves a pod rejected by no particular plugin on any event', () => {
    const { queue } = setup(new Map());
    queue.add(newPodInfo(makePod('p')));
    queue.addUnschedulable(queue.pop()!, new Set());
    queue.moveOnEvent('AssignedPodAdd');
    expect(queue.pending().backoff).toEqual(['default/p']);
  });

  it('sends a pod to back-off instead of parking it when a move came while it was being scheduled', async () => {
    const { clock, queue } = setup(new Map([['TaintToleration', ['NodeUpdate'] as const]]));
    queue.add(newPodInfo(makePod('p')));
    const popped = queue.pop()!;
    queue.moveOnEvent('NodeUpdate');
    queue.addUnschedulable(popped, new Set(['TaintToleration']));
    expect(queue.pending().backoff).toEqual(['default/p']);
    await clock.advance(1_000);
    expect(queue.pending().active).toEqual(['default/p']);
  });

  it('retries errors after the back-off without waiting for an event', async () => {
    const { clock, queue } = setup();
    queue.add(newPodInfo(makePod('p')));
    queue.addBackoff(queue.pop()!);
    await clock.advance(999);
    expect(queue.pending().backoff).toEqual(['default/p']);
    await clock.advance(1);
    expect(queue.pop()?.attempts).toBe(2);
  });

  it('gives every unschedulable pod another try after 5 minutes without events', async () => {
    const { clock, queue } = setup(new Map([['NodeResourcesFit', ['NodeAdd'] as const]]));
    queue.add(newPodInfo(makePod('p')));
    queue.addUnschedulable(queue.pop()!, new Set(['NodeResourcesFit']));
    await clock.advance(299_000);
    expect(queue.pending().unschedulable).toEqual(['default/p']);
    await clock.advance(31_000);
    expect(queue.pending().active).toEqual(['default/p']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('retries an unschedulable pod whose spec changed, and drops deleted pods even while in flight', () => {
    const { queue } = setup(new Map([['NodeAffinity', ['NodeAdd'] as const]]));
    queue.add(newPodInfo(makePod('p')));
    queue.addUnschedulable(queue.pop()!, new Set(['NodeAffinity']));
    queue.update(newPodInfo({ ...makePod('p'), status: { phase: 'Pending' } }));
    expect(queue.pending().unschedulable).toEqual(['default/p']);
    queue.update(newPodInfo(makePod('p', { spec: { nodeSelector: { disk: 'ssd' } } })));
    expect(queue.pending().backoff).toEqual(['default/p']);

    queue.add(newPodInfo(makePod('gone')));
    const inFlight = queue.pop()!;
    queue.delete('default/gone');
    queue.addUnschedulable(inFlight, new Set());
    expect(queue.pending()).toEqual({ active: [], backoff: ['default/p'], unschedulable: [] });
  });

  it('wakes a waiting consumer when a pod arrives', async () => {
    const { queue } = setup();
    let woke = false;
    const waiting = queue.waitForPod().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    queue.add(newPodInfo(makePod('p')));
    await waiting;
    expect(woke).toBe(true);
  });
});
