import { describe, expect, it } from 'vitest';
import type { Pod, PodCondition } from '../api/index.js';
import { FakeClock } from '../client/testing/index.js';
import { Profile } from './framework/profile.js';
import { defaultBinder, nodeResourcesFit } from './plugins/index.js';
import { Scheduler } from './scheduler.js';
import type { SchedulerApi } from './scheduler-api.js';
import { makeNode, makePod } from './testing/builders.js';

interface Recorded {
  bindings: string[];
  conditions: { pod: string; condition: PodCondition }[];
  events: string[];
}

function fakeApi(options: { failBindings?: number } = {}): SchedulerApi & { recorded: Recorded } {
  const recorded: Recorded = { bindings: [], conditions: [], events: [] };
  let failures = options.failBindings ?? 0;
  const name = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  return {
    recorded,
    async bind(pod, nodeName) {
      if (failures-- > 0) throw new Error('etcdserver: request timed out');
      recorded.bindings.push(`${name(pod)} -> ${nodeName}`);
    },
    async setPodScheduledCondition(pod, condition) {
      recorded.conditions.push({ pod: name(pod), condition });
    },
    async recordEvent(pod, type, reason, action, message) {
      recorded.events.push(`${type} ${reason} ${action} ${name(pod)}: ${message}`);
    },
  };
}

function setup(api = fakeApi()) {
  const clock = new FakeClock();
  const scheduler = new Scheduler({ api, clock, random: () => 0 });
  return { api, clock, scheduler };
}

describe('Scheduler', () => {
  it('binds a pending pod to the best node and records a Scheduled event', async () => {
    const { api, scheduler } = setup();
    scheduler.onNodeAdd(makeNode('small', { cpu: '1' }));
    scheduler.onNodeAdd(makeNode('big', { cpu: '8' }));
    scheduler.onPodAdd(makePod('web', { requests: { cpu: '500m' } }));
    expect(scheduler.scheduleOne()).toBe(true);
    await scheduler.settled();
    expect(api.recorded.bindings).toEqual(['default/web -> big']);
    expect(api.recorded.events).toEqual(['Normal Scheduled Binding default/web: Successfully assigned default/web to big']);
    expect(scheduler.cache.isAssumed('default/web')).toBe(true);
    // The informer reports the bound pod: the assumption is confirmed.
    scheduler.onPodUpdate(makePod('web', { requests: { cpu: '500m' } }), makePod('web', { requests: { cpu: '500m' }, nodeName: 'big' }));
    expect(scheduler.cache.isAssumed('default/web')).toBe(false);
    expect(scheduler.cache.nodeNameOf('default/web')).toBe('big');
  });

  it('ignores pods for other schedulers, assigned pods and finished pods', () => {
    const { scheduler } = setup();
    scheduler.onNodeAdd(makeNode('n'));
    scheduler.onPodAdd(makePod('other', { spec: { schedulerName: 'custom' } }));
    scheduler.onPodAdd(makePod('placed', { nodeName: 'n' }));
    scheduler.onPodAdd({ ...makePod('done'), status: { phase: 'Succeeded' } });
    expect(scheduler.queue.pending()).toEqual({ active: [], backoff: [], unschedulable: [] });
    expect(scheduler.cache.nodeNameOf('default/placed')).toBe('n');
  });

  it('holds pods with scheduling gates until the last gate is removed', () => {
    const { scheduler } = setup();
    scheduler.onNodeAdd(makeNode('n'));
    const gated = makePod('gated', { spec: { schedulingGates: [{ name: 'example.com/quota' }] } });
    scheduler.onPodAdd(gated);
    expect(scheduler.queue.pending().active).toEqual([]);
    scheduler.onPodUpdate(gated, makePod('gated'));
    expect(scheduler.queue.pending().active).toEqual(['default/gated']);
  });

  it('marks an unschedulable pod, records FailedScheduling, and retries it when a node that fits arrives', async () => {
    const { api, clock, scheduler } = setup();
    scheduler.onNodeAdd(makeNode('tainted', { taints: [{ key: 'key', value: 'value', effect: 'NoSchedule' }] }));
    scheduler.onNodeAdd(makeNode('small-1', { cpu: '2' }));
    scheduler.onNodeAdd(makeNode('small-2', { cpu: '2' }));
    scheduler.onPodAdd(makePod('big', { requests: { cpu: '3' } }));
    scheduler.scheduleOne();
    await scheduler.settled();
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {key: value}, 2 Insufficient cpu. ' +
      'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(api.recorded.conditions).toEqual([
      { pod: 'default/big', condition: { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' } },
    ]);
    expect(api.recorded.events).toEqual([`Warning FailedScheduling Scheduling default/big: ${message}`]);
    expect(scheduler.queue.pending().unschedulable).toEqual(['default/big']);

    // A heartbeat-only node update does not move it; a new node does (after the 1s back-off).
    scheduler.onNodeUpdate(makeNode('small-1', { cpu: '2' }), { ...makeNode('small-1', { cpu: '2' }), status: { ...makeNode('small-1', { cpu: '2' }).status, conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(scheduler.queue.pending().unschedulable).toEqual(['default/big']);
    scheduler.onNodeAdd(makeNode('large', { cpu: '16' }));
    expect(scheduler.queue.pending().backoff).toEqual(['default/big']);
    await clock.advance(1_000);
    expect(scheduler.scheduleOne()).toBe(true);
    await scheduler.settled();
    expect(api.recorded.bindings).toEqual(['default/big -> large']);
  });

  it('frees the node and retries with back-off when the binding fails', async () => {
    const { api, clock, scheduler } = setup(fakeApi({ failBindings: 1 }));
    scheduler.onNodeAdd(makeNode('only', { cpu: '1' }));
    scheduler.onPodAdd(makePod('p', { requests: { cpu: '1' } }));
    scheduler.scheduleOne();
    await scheduler.settled();
    expect(scheduler.cache.nodeNameOf('default/p')).toBeUndefined();
    expect(api.recorded.conditions[0].condition).toMatchObject({
      reason: 'SchedulerError',
      message: 'binding rejected: running Bind plugin "DefaultBinder": etcdserver: request timed out',
    });
    expect(scheduler.queue.pending().backoff).toEqual(['default/p']);
    await clock.advance(1_000);
    scheduler.scheduleOne();
    await scheduler.settled();
    expect(api.recorded.bindings).toEqual(['default/p -> only']);
  });

  it('sees its own earlier decisions: the second pod goes elsewhere when the first filled a node', async () => {
    const { api, scheduler } = setup();
    scheduler.onNodeAdd(makeNode('a', { cpu: '1' }));
    scheduler.onNodeAdd(makeNode('b', { cpu: '1' }));
    scheduler.onPodAdd(makePod('p1', { requests: { cpu: '1' } }));
    scheduler.onPodAdd(makePod('p2', { requests: { cpu: '1' } }));
    scheduler.onPodAdd(makePod('p3', { requests: { cpu: '1' } }));
    scheduler.scheduleOne();
    scheduler.scheduleOne();
    scheduler.scheduleOne();
    await scheduler.settled();
    expect(api.recorded.bindings.map((b) => b.split(' -> ')[1]).sort()).toEqual(['a', 'b']);
    expect(scheduler.queue.pending().unschedulable).toEqual(['default/p3']);
    // Deleting a bound pod frees room: p3 moves on.
    scheduler.onPodDelete(makePod('p1', { nodeName: scheduler.cache.nodeNameOf('default/p1') }));
    expect(scheduler.queue.pending().backoff).toEqual(['default/p3']);
  });

  it('turns a plugin that throws into SchedulerError and a retry, never a crash', async () => {
    const api = fakeApi();
    const clock = new FakeClock();
    let explode = true;
    const flaky = {
      name: 'Flaky',
      filter() {
        if (explode) throw new Error('boom');
        return undefined;
      },
    };
    const profile = new Profile('default-scheduler', [{ plugin: nodeResourcesFit() }, { plugin: flaky }, { plugin: defaultBinder((pod, node) => api.bind(pod.pod, node)) }]);
    const scheduler = new Scheduler({ api, clock, profile });
    scheduler.onNodeAdd(makeNode('n'));
    scheduler.onPodAdd(makePod('p'));
    scheduler.scheduleOne();
    await scheduler.settled();
    expect(api.recorded.conditions[0].condition).toMatchObject({ reason: 'SchedulerError', message: 'running Filter plugin "Flaky": boom' });
    explode = false;
    await clock.advance(1_000);
    scheduler.scheduleOne();
    await scheduler.settled();
    expect(api.recorded.bindings).toEqual(['default/p -> n']);
  });

  it('runs its loop until stopped', async () => {
    const { api, scheduler } = setup();
    scheduler.onNodeAdd(makeNode('n'));
    const running = scheduler.start();
    scheduler.onPodAdd(makePod('a'));
    scheduler.onPodAdd(makePod('b'));
    while (api.recorded.bindings.length < 2) await new Promise((resolve) => setImmediate(resolve));
    await scheduler.stop();
    await running;
    expect(api.recorded.bindings.sort()).toEqual(['default/a -> n', 'default/b -> n']);
  });
});
