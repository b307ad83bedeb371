import { describe, expect, it } from 'vitest';
import { recordFromInspect, type ContainerInspect } from './container-record.js';

const inspect = (state: Partial<ContainerInspect['State']>): ContainerInspect => ({
  Id: 'c1',
  Created: '2026-01-02T03:04:05.5Z',
  Pod: 'p1',
  Image: 'ab'.repeat(32),
  ImageName: 'localhost/img:1',
  State: { Status: 'exited', ExitCode: 0, OOMKilled: false, StartedAt: '2026-01-02T03:04:06Z', FinishedAt: '2026-01-02T03:04:07Z', ...state },
  Config: { Labels: { 'io.kubernetes.container.name': 'app', 'io.kubernetes.container.attempt': '3' } },
});

describe('recordFromInspect', () => {
  it('maps an exit to Completed, Error or OOMKilled', () => {
    expect(recordFromInspect(inspect({}))).toEqual({
      id: 'c1',
      sandboxId: 'p1',
      name: 'app',
      attempt: 3,
      image: 'localhost/img:1',
      imageID: `sha256:${'ab'.repeat(32)}`,
      state: 'exited',
      createdAt: Date.parse('2026-01-02T03:04:05.5Z'),
      startedAt: Date.parse('2026-01-02T03:04:06Z'),
      finishedAt: Date.parse('2026-01-02T03:04:07Z'),
      exitCode: 0,
      reason: 'Completed',
    });
    expect(recordFromInspect(inspect({ ExitCode: 1 }))).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(recordFromInspect(inspect({ ExitCode: 137, OOMKilled: true }))).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(recordFromInspect(inspect({ Status: 'stopped', ExitCode: 143, Error: 'boom' }))).toMatchObject({ state: 'exited', exitCode: 143, reason: 'Error', message: 'boom' });
  });

  it('treats Go zero times as unset and keeps warnings', () => {
    const record = recordFromInspect(inspect({ Status: 'created', StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' }), ['no memory limit']);
    expect(record.state).toBe('created');
    expect(record.startedAt).toBeUndefined();
    expect(record.exitCode).toBeUndefined();
    expect(record.warnings).toEqual(['no memory limit']);
    expect(recordFromInspect(inspect({ Status: 'running' })).state).toBe('running');
  });
});
