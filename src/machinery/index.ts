// Public face of src/machinery: pure functions on Kubernetes objects (contract in docs/internals.md).
// Server-side apply lives in ./apply/index.js and is imported from there.

// Errors: metav1.Status and field-level errors.
export * from './errors.js';
export * from './field-errors.js';

// Names, selectors, quantities, object meta.
export * from './names.js';
export * from './label-selector.js';
export * from './field-selector.js';
export * from './quantity.js';
export * from './meta.js';

// Patches.
export * from './json-patch.js';
export * from './merge-patch.js';
export * from './strategic-merge-patch.js';

// Schema-driven machinery (built-in catalog and CRD schemas alike).
export * from './schema-walk.js';
export * from './validate.js';
export * from './prune.js';
export * from './defaults.js';

// Built-in kinds: upstream's defaulters and semantic validation.
export * from './builtin-defaults.js';
export * from './pod-defaults.js';
export * from './pod-qos.js';
export * from './validate-metadata.js';
export * from './validate-pod.js';
export * from './validate-pod-update.js';
export * from './validate-rbac.js';
export * from './validate-network-storage.js';
export * from './validate-builtins.js';
export * from './job-selector.js';
export * from './canonical-quantities.js';
