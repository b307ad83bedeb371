// Public face of src/machinery: pure functions on Kubernetes objects.
export * from './errors.js';
export * from './field-errors.js';
export * from './names.js';
export * from './label-selector.js';
export * from './field-selector.js';
export * from './schema-walk.js';
export * from './json-patch.js';
export * from './merge-patch.js';
export * from './strategic-merge-patch.js';
export * from './validate.js';
export * from './prune.js';
export * from './defaults.js';
export * from './builtin-defaults.js';
export * from './pod-defaults.js';
export * from './validate-metadata.js';
export * from './validate-pod.js';
export * from './validate-builtins.js';
