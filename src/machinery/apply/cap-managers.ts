// Upstream keeps at most ten Update entries; older ones are folded into one "ancient-changes" entry
// per apiVersion (capManagersManager), so objects written by many clients stay small.
import { compareStrings } from './json-value.js';
import { managerIdentity, type ManagedFieldSets } from './managed-fields.js';

export const maxUpdateManagers = 10;
export const ancientChangesManager = 'ancient-changes';

function seconds(time: string | undefined): number {
  const parsed = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isNaN(parsed) ? 0 : Math.floor(parsed / 1000);
}

/** Mutates `managers` so that no more than `limit` Update entries remain. */
export function capUpdateManagers(managers: ManagedFieldSets, limit = maxUpdateManagers): void {
  let updates = 0;
  for (const record of managers.values()) if (record.operation === 'Update') updates += 1;
  if (updates <= limit) return;
  const updaters = [...managers.entries()]
    .filter(([, record]) => record.operation === 'Update')
    .sort(([leftId, left], [rightId, right]) => seconds(left.time) - seconds(right.time) || compareStrings(leftId, rightId));
  let count = updaters.length;
  for (const [identity, record] of updaters) {
    if (count <= limit) break;
    const bucketIdentity = managerIdentity({ manager: ancientChangesManager, operation: 'Update', apiVersion: record.apiVersion });
    if (identity === bucketIdentity) continue;
    const bucket = managers.get(bucketIdentity);
    managers.delete(identity);
    if (bucket === undefined) {
      managers.set(bucketIdentity, { manager: ancientChangesManager, operation: 'Update', apiVersion: record.apiVersion, time: record.time, set: record.set });
      continue;
    }
    bucket.set = bucket.set.union(record.set);
    bucket.time = record.time;
    count -= 1;
  }
}
