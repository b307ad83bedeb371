// libpod's container inspect -> the kubelet's ContainerRecord (state, exit code, reason as upstream).
import type { ContainerRecord, ContainerRunState } from '../../container-runtime.js';
import { LABEL_CONTAINER_ATTEMPT, LABEL_CONTAINER_NAME } from './labels.js';

/** The fields of GET /containers/{id}/json this runtime reads. */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Pod: string;
  Image: string;
  ImageName: string;
  State: { Status: string; ExitCode: number; OOMKilled: boolean; StartedAt: string; FinishedAt: string; Error?: string };
  Config: { Labels?: Record<string, string> | null };
}

export function recordFromInspect(inspect: ContainerInspect, warnings: string[] = []): ContainerRecord {
  const labels = inspect.Config.Labels ?? {};
  const state = runState(inspect.State.Status);
  const record: ContainerRecord = {
    id: inspect.Id,
    sandboxId: inspect.Pod,
    name: labels[LABEL_CONTAINER_NAME] ?? '',
    attempt: Number(labels[LABEL_CONTAINER_ATTEMPT] ?? 0),
    image: inspect.ImageName,
    imageID: `sha256:${inspect.Image}`,
    state,
    createdAt: time(inspect.Created) ?? 0,
  };
  const startedAt = time(inspect.State.StartedAt);
  if (startedAt !== undefined) record.startedAt = startedAt;
  if (state === 'exited') {
    record.finishedAt = time(inspect.State.FinishedAt) ?? startedAt ?? record.createdAt;
    record.startedAt ??= record.finishedAt;
    record.exitCode = inspect.State.ExitCode;
    record.reason = inspect.State.OOMKilled ? 'OOMKilled' : inspect.State.ExitCode === 0 ? 'Completed' : 'Error';
    if (inspect.State.Error) record.message = inspect.State.Error;
  }
  if (warnings.length > 0) record.warnings = warnings;
  return record;
}

function runState(status: string): ContainerRunState {
  switch (status) {
    case 'running':
    case 'paused':
    case 'stopping':
      return 'running';
    case 'exited':
    case 'stopped':
      return 'exited';
    default:
      return 'created';
  }
}

/** Podman writes Go's zero time (0001-01-01) for "never". */
function time(text: string | undefined): number | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
