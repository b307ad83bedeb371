// DELETE on a collection: every object matching the selectors is deleted with the same options;
// the answer is the list of what was deleted (or is now being deleted).
import type { KubeObject } from '../storage/resource-storage.js';
import { readDeleteOptions } from './delete-options.js';
import { deleteObject } from './delete.js';
import { parseListQuery } from './list-options.js';
import { readList } from './list.js';
import type { RequestScope } from './scope.js';
import { sendList } from './scope.js';
import { isStatusError } from '../../machinery/index.js';

export async function handleDeleteCollection(scope: RequestScope): Promise<void> {
  const options = await readDeleteOptions(scope);
  const list = parseListQuery(scope.resource, scope.query, false);
  const page = await readList(scope, { ...list, limit: 0, continueToken: undefined });
  const deleted: KubeObject[] = [];
  for (const item of page.items) {
    try {
      const outcome = await deleteObject(scope, item.metadata.namespace, item.metadata.name ?? '', options);
      deleted.push(outcome.object);
    } catch (error) {
      if (!(isStatusError(error) && error.code === 404)) throw error;
    }
  }
  sendList(scope, deleted, { resourceVersion: String(await scope.ctx.store.currentRevision()) });
}
