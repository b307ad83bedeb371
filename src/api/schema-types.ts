// Shapes of the generated catalog. Hand-written: the generator (src/codegen) emits data of these
// shapes into src/api/generated/, and the server (validation, defaulting, patching, explain) reads it.

/** One node of a structural schema, flattened from OpenAPI v3 plus the Kubernetes x- extensions. */
export interface SchemaNode {
  /**
   * Name of a definition in SchemaCatalog.definitions. Sibling fields (description, default,
   * x-kubernetes-* markers of the field that holds the reference) apply on top of the definition.
   */
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  /** int32, int64, double, date-time, byte, int-or-string, ... as in the spec. */
  format?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  /** `true` for free-form maps, a schema for typed maps (map[string]T). */
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  /** x-kubernetes-int-or-string */
  intOrString?: boolean;
  /** x-kubernetes-preserve-unknown-fields */
  preserveUnknownFields?: boolean;
  /** x-kubernetes-embedded-resource */
  embeddedResource?: boolean;
  /** x-kubernetes-patch-strategy, e.g. "merge", "retainKeys", "merge,retainKeys" */
  patchStrategy?: string;
  /** x-kubernetes-patch-merge-key */
  patchMergeKey?: string;
  /** x-kubernetes-list-type */
  listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys */
  listMapKeys?: string[];
  /** x-kubernetes-map-type */
  mapType?: 'atomic' | 'granular';
  // Value constraints (CRD schemas mostly; built-ins rarely carry them).
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  /** x-kubernetes-unions, kept as published (only used to rebuild OpenAPI documents). */
  unions?: unknown[];
  /** x-kubernetes-group-version-kind on a definition: the kinds it is the schema of. */
  gvk?: GroupVersionKind[];
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
}

export interface GroupVersionKind {
  group: string; // "" for core
  version: string;
  kind: string;
}

/** Named definitions (upstream names, e.g. "io.k8s.api.core.v1.Pod") and the lookup over them. */
export interface SchemaCatalog {
  definitions: Record<string, SchemaNode>;
}

export interface SubresourceInfo {
  /** "status", "scale", "binding", "log", "eviction", "exec", "attach", "portforward", "proxy", "token", "ephemeralcontainers", "resize", "approval" */
  name: string;
  /** The kind sent and received on the subresource (Pod for status, Scale for scale, Binding, Eviction, ...) */
  kind: string;
  /** Group/version of that kind when it differs from the parent (autoscaling/v1 Scale, policy/v1 Eviction, ...) */
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceInfo {
  group: string; // "" for core
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  /** Verbs on the collection and the object: get, list, watch, create, update, patch, delete, deletecollection */
  verbs: string[];
  subresources: SubresourceInfo[];
  shortNames: string[];
  categories: string[];
  /** Definition name of the kind's schema in SchemaCatalog.definitions */
  definition: string;
}

export interface GroupVersionInfo {
  group: string;
  version: string;
  /** The version kubectl should prefer for this group (the first in upstream's priority order). */
  preferred: boolean;
  /**
   * Whether a stock kube-apiserver of this release serves it without --runtime-config: GA versions
   * only (alpha is always off; since KEP-3136 every beta still served in v1.32 is off by default).
   */
  enabledByDefault?: boolean;
}
