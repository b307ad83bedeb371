// The 409 an apply gets when it would change fields other managers own, worded as upstream's
// fieldmanager NewConflictError.
import { StatusError, type StatusCause } from '../errors.js';
import type { ManagedFieldSets } from './managed-fields.js';
import type { OwnershipConflict } from './ownership.js';
import { fieldPathText } from './path-element.js';

/** `"kubectl-client-side-apply" using apps/v1`, `"kube-controller-manager" with subresource "status" using v1`, `"other"` (Apply). */
export function describeManager(record: { manager: string; operation: string; apiVersion: string; subresource?: string }): string {
  let text = JSON.stringify(record.manager);
  if (record.subresource !== undefined && record.subresource !== '') text += ` with subresource ${JSON.stringify(record.subresource)}`;
  if (record.operation === 'Update') text += ` using ${record.apiVersion}`;
  return text;
}

export function applyConflictError(conflicts: readonly OwnershipConflict[], managers: ManagedFieldSets): StatusError {
  const flat: Array<{ manager: string; path: string }> = [];
  const ordered = [...conflicts].sort((left, right) => (left.identity < right.identity ? -1 : left.identity > right.identity ? 1 : 0));
  for (const conflict of ordered) {
    const record = managers.get(conflict.identity);
    const manager = record === undefined ? JSON.stringify(conflict.identity) : describeManager(record);
    for (const path of conflict.set.paths()) flat.push({ manager, path: fieldPathText(path) });
  }
  const causes: StatusCause[] = flat.map(({ manager, path }) => ({ reason: 'FieldManagerConflict', message: `conflict with ${manager}`, field: path }));
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: conflictMessage(flat),
    reason: 'Conflict',
    details: { causes },
    code: 409,
  });
}

function conflictMessage(flat: ReadonlyArray<{ manager: string; path: string }>): string {
  if (flat.length === 1) return `Apply failed with 1 conflict: conflict with ${flat[0].manager}: ${flat[0].path}`;
  const byManager = new Map<string, string[]>();
  for (const { manager, path } of flat) byManager.set(manager, [...(byManager.get(manager) ?? []), path]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${manager}:`);
    for (const path of byManager.get(manager)!) lines.push(`- ${path}`);
  }
  return `Apply failed with ${flat.length} conflicts: ${lines.join('\n')}`;
}
