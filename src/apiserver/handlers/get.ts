// GET of one object (always the latest state: every resourceVersion a client may pass is satisfied by it).
import type { RequestScope } from './scope.js';
import { sendStored } from './scope.js';
import { parseResourceVersion } from './list-options.js';

export async function handleGet(scope: RequestScope): Promise<void> {
  parseResourceVersion(scope.query.get('resourceVersion'));
  sendStored(scope, 200, await scope.storage.get(scope.namespace, scope.name!));
}
