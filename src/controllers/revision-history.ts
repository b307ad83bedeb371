// Trims a controller's ControllerRevisions to spec.revisionHistoryLimit (default 10), oldest first,
// never deleting the revisions in use (upstream's truncateHistory).
import type { ControllerRevision } from '../api/index.js';
import { isNotFound, type ResourceClient } from '../client/index.js';

export async function truncateRevisionHistory(client: ResourceClient<ControllerRevision>, owned: ControllerRevision[], inUse: Set<string>, limit = 10): Promise<void> {
  const removable = owned.filter((revision) => !inUse.has(revision.metadata?.name ?? '') && !revision.metadata?.deletionTimestamp).sort((a, b) => a.revision - b.revision);
  for (const revision of removable.slice(0, Math.max(0, removable.length - limit))) {
    try {
      await client.delete(revision.metadata?.name ?? '', { namespace: revision.metadata?.namespace, preconditions: { uid: revision.metadata?.uid } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
