// The core of upstream's merge.Updater.update: given the object before and after a write, take the
// changed fields away from every other manager, or report them as conflicts.
import type { SchemaNode } from '../../api/schema-types.js';
import { compareObjects, type Comparison } from './compare.js';
import type { FieldSet } from './field-set.js';
import type { JsonObject } from './json-value.js';
import type { ManagedFieldSets } from './managed-fields.js';
import type { TypedContext } from './schema-shape.js';
import { ownsNothing, removeFields } from './stored-fields.js';

export interface OwnershipConflict {
  /** managerIdentity of the other manager. */
  identity: string;
  set: FieldSet;
}

export interface OwnershipChange {
  comparison: Comparison;
  conflicts: OwnershipConflict[];
}

/**
 * Mutates `managers`: removed fields leave every other manager; changed (added or modified) fields
 * leave them too when `force` (no conflicts are reported then), else they are returned as conflicts
 * and nothing is changed.
 */
export function reconcileOwnership(
  context: TypedContext,
  before: JsonObject,
  after: JsonObject,
  schema: SchemaNode | undefined,
  managers: ManagedFieldSets,
  workflowIdentity: string,
  force: boolean,
  ignored?: FieldSet,
): OwnershipChange {
  const comparison = withoutIgnored(compareObjects(context, before, after, schema), ignored);
  const changed = changedFields(comparison);
  const conflicts: OwnershipConflict[] = [];
  if (!force) {
    for (const [identity, record] of managers) {
      if (identity === workflowIdentity) continue;
      const conflicting = record.set.intersection(changed);
      if (!conflicting.isEmpty()) conflicts.push({ identity, set: conflicting });
    }
    if (conflicts.length > 0) return { comparison, conflicts };
  }
  for (const [identity, record] of managers) {
    if (identity === workflowIdentity) continue;
    removeFields(record, changed);
    removeFields(record, comparison.removed);
    if (ownsNothing(record)) managers.delete(identity);
  }
  return { comparison, conflicts };
}

/** Added and modified fields (sharing their parts: sets are values). */
export function changedFields(comparison: Comparison): FieldSet {
  return comparison.modified.merged(comparison.added);
}

/** Upstream's IgnoredFields: changes under reset fields (status on the main resource...) belong to nobody. */
function withoutIgnored(comparison: Comparison, ignored: FieldSet | undefined): Comparison {
  if (ignored === undefined || ignored.isEmpty()) return comparison;
  return {
    added: comparison.added.recursiveDifference(ignored),
    modified: comparison.modified.recursiveDifference(ignored),
    removed: comparison.removed.recursiveDifference(ignored),
  };
}
