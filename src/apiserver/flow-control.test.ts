import { describe, expect, it } from 'vitest';
import { FlowControl, priorityLevelOf, type Admission } from './flow-control.js';

const admitted = (admission: Admission) => {
  if (admission === 'rejected') throw new Error('rejected');
  return admission;
};

describe('priorityLevelOf', () => {
  it('puts system:masters in exempt, system components in system, everyone else in global-default', () => {
    expect(priorityLevelOf({ name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] })).toBe('exempt');
    expect(priorityLevelOf({ name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] })).toBe('system');
    expect(priorityLevelOf({ name: 'system:kube-scheduler', groups: ['system:authenticated'] })).toBe('system');
    expect(priorityLevelOf({ name: 'system:kube-controller-manager', groups: ['system:authenticated'] })).toBe('system');
    expect(priorityLevelOf({ name: 'system:serviceaccount:kube-system:replicaset-controller', groups: [] })).toBe('system');
    expect(priorityLevelOf({ name: 'system:serviceaccount:default:app', groups: ['system:serviceaccounts'] })).toBe('global-default');
    expect(priorityLevelOf({ name: 'jane', groups: ['system:authenticated'] })).toBe('global-default');
  });
});

describe('FlowControl', () => {
  it('rejects global-default past its seats and lets a seat be taken again once released', () => {
    const flow = new FlowControl({ maxRequestsInFlight: 2, systemRequestsInFlight: 1, systemQueueLength: 1 });
    const first = admitted(flow.admit('global-default'));
    admitted(flow.admit('global-default'));
    expect(flow.admit('global-default')).toBe('rejected');
    first.release();
    expect(flow.admit('global-default')).not.toBe('rejected');
    expect(flow.snapshot()['global-default']).toEqual({ executing: 2, waiting: 0, rejected: 1 });
  });

  it('never limits exempt, even with every other seat taken', () => {
    const flow = new FlowControl({ maxRequestsInFlight: 0, systemRequestsInFlight: 0, systemQueueLength: 0 });
    for (let i = 0; i < 1000; i++) expect(admitted(flow.admit('exempt')).waited).toBeUndefined();
    expect(flow.admit('global-default')).toBe('rejected');
    expect(flow.snapshot().exempt).toEqual({ executing: 1000, waiting: 0, rejected: 0 });
  });

  it('queues system requests in order for a seat (not counted against global-default), rejecting only past the queue', async () => {
    const flow = new FlowControl({ maxRequestsInFlight: 1, systemRequestsInFlight: 1, systemQueueLength: 2 });
    const running = admitted(flow.admit('system'));
    expect(running.waited).toBeUndefined();
    const second = admitted(flow.admit('system'));
    const third = admitted(flow.admit('system'));
    expect(flow.admit('system')).toBe('rejected');
    expect(admitted(flow.admit('global-default')).waited).toBeUndefined();
    expect(flow.snapshot().system).toEqual({ executing: 1, waiting: 2, rejected: 1 });

    const order: string[] = [];
    void second.waited!.then(() => order.push('second'));
    void third.waited!.then(() => order.push('third'));
    running.release();
    await Promise.resolve();
    expect(order).toEqual(['second']);
    expect(flow.snapshot().system).toEqual({ executing: 1, waiting: 1, rejected: 1 });
    second.release();
    await Promise.resolve();
    expect(order).toEqual(['second', 'third']);
    third.release();
    expect(flow.snapshot().system).toEqual({ executing: 0, waiting: 0, rejected: 1 });
    expect(admitted(flow.admit('system')).waited).toBeUndefined();
  });
});
