// The Deployment's status from its ReplicaSets, with the Available and Progressing conditions as
// upstream's syncDeploymentStatus / syncRolloutStatus compute them.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../api/index.js';
import { replicasOf, resolveFenceposts, sum } from './deployment-util.js';

export interface ProgressInput {
  deployment: Deployment;
  newRS: ReplicaSet | undefined;
  all: ReplicaSet[];
  now: number;
  /** A condition this sync established (NewReplicaSetCreated, FoundNewReplicaSet), kept unless a later one applies. */
  progressing?: { reason: string; message: string };
}

export interface StatusOutcome {
  status: DeploymentStatus;
  /** When the rollout deadline would pass (ms from now), while still progressing. */
  recheckAfterMs?: number;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function setCondition(conditions: DeploymentCondition[], next: DeploymentCondition): DeploymentCondition[] {
  const current = conditions.find((condition) => condition.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message) return conditions;
  const kept = current && current.status === next.status ? { ...next, lastTransitionTime: current.lastTransitionTime } : next;
  return [...conditions.filter((condition) => condition.type !== next.type), kept];
}

export function isComplete(deployment: Deployment, status: DeploymentStatus): boolean {
  const replicas = deployment.spec?.replicas ?? 1;
  return status.updatedReplicas === replicas && status.replicas === replicas && status.availableReplicas === replicas && (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
}

export function computeStatus(input: ProgressInput): StatusOutcome {
  const { deployment, newRS, all, now } = input;
  const replicas = deployment.spec?.replicas ?? 1;
  const previous = deployment.status ?? {};
  const availableReplicas = sum(all, (rs) => rs.status?.availableReplicas ?? 0);
  const status: DeploymentStatus = {
    observedGeneration: deployment.metadata?.generation ?? 0,
    replicas: sum(all, (rs) => rs.status?.replicas ?? 0),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(all, (rs) => rs.status?.readyReplicas ?? 0),
    availableReplicas,
    unavailableReplicas: Math.max(0, sum(all, replicasOf) - availableReplicas),
    ...(previous.collisionCount !== undefined ? { collisionCount: previous.collisionCount } : {}),
  };
  const time = rfc3339(now);
  const condition = (type: string, state: string, reason: string, message: string): DeploymentCondition => ({ type, status: state, lastUpdateTime: time, lastTransitionTime: time, reason, message });
  const [, maxUnavailable] = resolveFenceposts(deployment);
  let conditions = previous.conditions ?? [];
  conditions = setCondition(
    conditions,
    availableReplicas >= replicas - maxUnavailable
      ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
      : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
  );
  let recheckAfterMs: number | undefined;
  const deadlineSeconds = deployment.spec?.progressDeadlineSeconds ?? 600;
  const current = conditions.find((entry) => entry.type === 'Progressing');
  if (deployment.spec?.paused) {
    conditions = setCondition(conditions, condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'));
  } else if (newRS !== undefined && isComplete(deployment, status)) {
    conditions = setCondition(conditions, condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newRS.metadata?.name}" has successfully progressed.`));
  } else if (input.progressing !== undefined) {
    conditions = setCondition(conditions, condition('Progressing', 'True', input.progressing.reason, input.progressing.message));
    recheckAfterMs = deadlineSeconds * 1000;
  } else if (newRS !== undefined && (current?.reason === 'DeploymentPaused' || current === undefined)) {
    const resumed = current?.reason === 'DeploymentPaused';
    conditions = setCondition(conditions, condition('Progressing', 'True', resumed ? 'DeploymentResumed' : 'ReplicaSetUpdated', resumed ? 'Deployment is resumed' : `ReplicaSet "${newRS.metadata?.name}" is progressing.`));
    recheckAfterMs = deadlineSeconds * 1000;
  } else if (newRS !== undefined && current?.reason !== 'ProgressDeadlineExceeded') {
    const progressed =
      (status.updatedReplicas ?? 0) > (previous.updatedReplicas ?? 0) ||
      (status.readyReplicas ?? 0) > (previous.readyReplicas ?? 0) ||
      (status.availableReplicas ?? 0) > (previous.availableReplicas ?? 0) ||
      (status.replicas ?? 0) - (status.updatedReplicas ?? 0) < (previous.replicas ?? 0) - (previous.updatedReplicas ?? 0);
    if (progressed) {
      const next = condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newRS.metadata?.name}" is progressing.`);
      conditions = [...conditions.filter((entry) => entry.type !== 'Progressing'), { ...next, lastTransitionTime: current?.status === 'True' ? current.lastTransitionTime : time }];
      recheckAfterMs = deadlineSeconds * 1000;
    } else {
      const since = Date.parse(current?.lastUpdateTime ?? time);
      const deadline = since + deadlineSeconds * 1000;
      if (deadline <= now) {
        conditions = setCondition(conditions, condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${newRS.metadata?.name}" has timed out progressing.`));
      } else {
        recheckAfterMs = deadline - now;
      }
    }
  }
  status.conditions = conditions;
  // Go's omitempty: zero counts are not written.
  for (const field of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) if (status[field] === 0) delete status[field];
  return { status, recheckAfterMs };
}
