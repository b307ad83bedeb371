import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '../api/index.js';
import { formatIndexes, planJob } from './job-sync.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const T = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function job(spec: Partial<NonNullable<Job['spec']>>, status: Job['status'] = { startTime: T(NOW - 60_000) }): Job {
  return { metadata: { name: 'j', namespace: 'default', uid: 'u1' }, spec: { template: {}, ...spec }, status };
}

function pod(name: string, phase: string, extra: { ready?: boolean; finishedAt?: number } = {}): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    status: {
      phase,
      conditions: [{ type: 'Ready', status: extra.ready ? 'True' : 'False' }],
      ...(extra.finishedAt !== undefined ? { containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: T(extra.finishedAt) } } }] } : {}),
    },
  };
}

const finishedAt = (p: Pod) => Date.parse(p.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt ?? '') || 0;

describe('planJob', () => {
  it('waits 10 s doubling per failure since the last success before replacing a pod', () => {
    const failures = [pod('a', 'Failed', { finishedAt: NOW - 30_000 }), pod('b', 'Failed', { finishedAt: NOW - 5_000 })];
    const plan = planJob(job({ backoffLimit: 6 }), failures, NOW, finishedAt);
    expect(plan.create).toEqual([]);
    expect(plan.requeueAfterMs).toBe(15_000); // 20 s after the last failure, 5 s ago
    const later = planJob(job({ backoffLimit: 6 }), failures, NOW + 15_000, finishedAt);
    expect(later.create).toEqual([undefined]);
    expect(later.status).toMatchObject({ active: 1, failed: 2 });
  });

  it('suspends by deleting active pods and setting Suspended', () => {
    const running = pod('a', 'Running', { ready: true });
    const plan = planJob(job({ suspend: true, parallelism: 1 }), [running], NOW, finishedAt);
    expect(plan.delete).toEqual([running]);
    expect(plan.status.conditions).toEqual([{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: T(NOW), lastTransitionTime: T(NOW) }]);
    expect(plan.status).toMatchObject({ ready: 0, terminating: 1 });
    expect(plan.status.active).toBeUndefined();
  });

  it('scales down to parallelism deleting not-ready pods first', () => {
    const ready = pod('ready', 'Running', { ready: true });
    const notReady = pod('slow', 'Pending');
    const plan = planJob(job({ parallelism: 1, completions: 5 }), [ready, notReady], NOW, finishedAt);
    expect(plan.delete).toEqual([notReady]);
    expect(plan.status).toMatchObject({ active: 1, ready: 1, terminating: 1 });
  });

  it('completes a work-queue job (no completions) once a pod succeeded and none runs', () => {
    const plan = planJob(job({ parallelism: 2 }), [pod('a', 'Succeeded'), pod('b', 'Succeeded')], NOW, finishedAt);
    expect(plan.status.conditions?.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(plan.status).toMatchObject({ succeeded: 2, completionTime: T(NOW) });
    expect(plan.create).toEqual([]);
  });

  it('counts container restarts of OnFailure pods against backoffLimit', () => {
    const restarting = { ...pod('a', 'Running'), status: { phase: 'Running', containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 2 }] } };
    const onFailure = (limit: number) => job({ backoffLimit: limit, template: { spec: { restartPolicy: 'OnFailure', containers: [] } } });
    expect(planJob(onFailure(3), [restarting], NOW, finishedAt).delete).toEqual([]);
    const plan = planJob(onFailure(2), [restarting], NOW, finishedAt);
    expect(plan.delete).toEqual([restarting]);
    expect(plan.status.conditions?.map((c) => [c.type, c.reason])).toEqual([['FailureTarget', 'BackoffLimitExceeded']]);
  });

  it('keeps FailureTarget without Failed while a pod is still terminating', () => {
    const terminating = { ...pod('a', 'Running'), metadata: { name: 'a', uid: 'uid-a', deletionTimestamp: T(NOW) } };
    const plan = planJob(job({ backoffLimit: 0 }), [pod('f', 'Failed', { finishedAt: NOW - 1000 }), terminating], NOW, finishedAt);
    expect(plan.status.conditions?.map((c) => c.type)).toEqual(['FailureTarget']);
    expect(plan.status.terminating).toBe(1);
  });
});

it('formats completed indexes as ranges', () => {
  expect(formatIndexes([5, 0, 1, 2, 7, 8])).toBe('0-2,5,7-8');
  expect(formatIndexes([])).toBe('');
});
