// The generated Kubernetes catalog: resource registry, group versions, schema metadata and types.
export { groupVersions, kubernetesVersion, resources } from './generated/resources.js';
export {
  apiVersionOf,
  findResource,
  findResourceByKind,
  preferredVersion,
  resourceByShortName,
  resourcesByShortName,
  resourcesFor,
} from './resource-lookup.js';
export { toOpenApiV2Schema, toOpenApiV3Schema, type OpenApiSchemaObject } from './openapi-schema.js';
export { definition, definitionGVKs, definitionNameForKind, referencedDefinitions, resolveRef, schemaCatalog } from './schema-catalog.js';
export type {
  GroupVersionInfo,
  GroupVersionKind,
  ResourceInfo,
  SchemaCatalog,
  SchemaNode,
  SubresourceInfo,
} from './schema-types.js';
export type * from './generated/types.js';
