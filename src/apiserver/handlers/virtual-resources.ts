// Create-only resources upstream answers without storing: core/v1 bindings (binds the named pod),
// access reviews (engenho has no authorizer yet: every authenticated user may do everything),
// SelfSubjectReview (who am I) and TokenReview (no token authentication: never authenticated).
import { pageNotFound } from '../http/errors.js';
import { ResourceStorage, type KubeObject } from '../storage/resource-storage.js';
import { readRequestObject } from './request-object.js';
import type { RequestScope } from './scope.js';
import { send } from './scope.js';
import { bindPod } from './subresources.js';

const ALLOW_ALL = 'engenho does not authorize requests yet: every authenticated user may do everything';

function reviewStatus(scope: RequestScope, plural: string): Record<string, unknown> | undefined {
  switch (plural) {
    case 'selfsubjectaccessreviews':
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews':
      return { allowed: true, reason: ALLOW_ALL };
    case 'selfsubjectrulesreviews':
      return {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      };
    case 'selfsubjectreviews':
      return { userInfo: { username: scope.user.name, groups: scope.user.groups } };
    case 'tokenreviews':
      return { authenticated: false, error: 'engenho authenticates client certificates only; tokens are not supported' };
    default:
      return undefined;
  }
}

/** Handles the create when the resource is one of these; false for stored resources. */
export async function handleVirtualCreate(scope: RequestScope): Promise<boolean> {
  const { group, plural } = scope.resource.info;
  if (group === '' && plural === 'bindings') {
    const binding = await readRequestObject(scope);
    const pods = scope.ctx.served.find('', 'v1', 'pods');
    if (pods === undefined) throw pageNotFound();
    const podScope: RequestScope = { ...scope, resource: pods, storage: new ResourceStorage(scope.ctx.store, pods) };
    await bindPod(podScope, binding.metadata.name ?? '', binding);
    return true;
  }
  if (group !== 'authorization.k8s.io' && group !== 'authentication.k8s.io') return false;
  const status = reviewStatus(scope, plural);
  if (status === undefined) return false;
  const review: KubeObject = await readRequestObject(scope);
  send(scope, 201, { ...review, metadata: { ...review.metadata, creationTimestamp: null }, status });
  return true;
}
