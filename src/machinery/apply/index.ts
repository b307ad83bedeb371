// Public face of src/machinery/apply: server-side apply and managedFields, as upstream's
// structured-merge-diff and apiserver fieldmanager.
export { serverSideApply, beforeFirstApplyManager, type ServerSideApplyOptions, type ServerSideApplyResult } from './server-side-apply.js';
export { updateManagedFields, type UpdateManagedFieldsOptions, type ManagedFieldsResult } from './update-managed-fields.js';
export { managerFromUserAgent, validateFieldManager, fieldManagerMaxLength } from './field-manager.js';
export { FieldSet } from './field-set.js';
export { fieldSetToFieldsV1, fieldsV1ToFieldSet, type FieldsV1 } from './fields-v1.js';
export {
  fieldElement,
  keyElement,
  valueElement,
  indexElement,
  fieldPathText,
  pathElementKey,
  parsePathElementKey,
  type FieldPath,
  type PathElement,
} from './path-element.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  formatManagedFieldsTime,
  managerIdentity,
  type ManagedFieldsEntry,
  type ManagedFieldsOperation,
  type ManagerFields,
  type ManagedFieldSets,
} from './managed-fields.js';
export { toFieldSet } from './to-field-set.js';
export { compareObjects, type Comparison } from './compare.js';
export { mergeObjects } from './merge.js';
export { removeItems, ensureNamedFieldsAreMembers } from './remove-items.js';
export type { TypedContext } from './schema-shape.js';
export { describeManager, applyConflictError } from './conflict-error.js';
export { lastAppliedAnnotation } from './last-applied.js';
