// OpenAPI v3 schema objects -> SchemaNode (src/api/schema-types.ts). Kubernetes wraps a field's
// reference as `allOf: [{$ref}]` so that the field can carry its own description, default and
// x-kubernetes-* markers; those become one node with `$ref` plus the siblings.
import type { SchemaNode } from '../api/schema-types.js';
import type { GroupVersionKind, OpenApiSchema } from './spec-documents.js';

const REF_PREFIX = '#/components/schemas/';

export class SchemaFlattenError extends Error {}

type Converter = (value: unknown, node: SchemaNode, at: string) => void;

const copy =
  (field: keyof SchemaNode): Converter =>
  (value, node) => {
    (node as Record<string, unknown>)[field] = value;
  };

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

const KEYWORDS: Record<string, Converter> = {
  $ref: (value, node, at) => {
    node.$ref = refName(value, at);
  },
  type: (value, node, at) => {
    if (typeof value !== 'string' || !TYPES.has(value)) throw new SchemaFlattenError(`${at}: unsupported type ${JSON.stringify(value)}`);
    node.type = value as SchemaNode['type'];
  },
  format: (value, node) => {
    node.format = value as string;
    if (value === 'int-or-string') node.intOrString = true;
  },
  description: copy('description'),
  default: copy('default'),
  enum: copy('enum'),
  nullable: copy('nullable'),
  required: copy('required'),
  pattern: copy('pattern'),
  minimum: copy('minimum'),
  maximum: copy('maximum'),
  exclusiveMinimum: copy('exclusiveMinimum'),
  exclusiveMaximum: copy('exclusiveMaximum'),
  multipleOf: copy('multipleOf'),
  minLength: copy('minLength'),
  maxLength: copy('maxLength'),
  minItems: copy('minItems'),
  maxItems: copy('maxItems'),
  uniqueItems: copy('uniqueItems'),
  minProperties: copy('minProperties'),
  maxProperties: copy('maxProperties'),
  properties: (value, node, at) => {
    const properties: Record<string, SchemaNode> = {};
    for (const [name, schema] of Object.entries(value as Record<string, unknown>)) {
      properties[name] = flattenSchema(schema as OpenApiSchema, `${at}.properties.${name}`);
    }
    node.properties = properties;
  },
  additionalProperties: (value, node, at) => {
    node.additionalProperties = typeof value === 'boolean' ? value : flattenSchema(value as OpenApiSchema, `${at}.additionalProperties`);
  },
  items: (value, node, at) => {
    node.items = flattenSchema(value as OpenApiSchema, `${at}.items`);
  },
  allOf: (value, node, at) => {
    node.allOf = (value as OpenApiSchema[]).map((schema, index) => flattenSchema(schema, `${at}.allOf[${index}]`));
  },
  anyOf: (value, node, at) => {
    node.anyOf = (value as OpenApiSchema[]).map((schema, index) => flattenSchema(schema, `${at}.anyOf[${index}]`));
  },
  oneOf: (value, node, at) => {
    node.oneOf = (value as OpenApiSchema[]).map((schema, index) => flattenSchema(schema, `${at}.oneOf[${index}]`));
  },
  not: (value, node, at) => {
    node.not = flattenSchema(value as OpenApiSchema, `${at}.not`);
  },
  'x-kubernetes-int-or-string': copy('intOrString'),
  'x-kubernetes-preserve-unknown-fields': copy('preserveUnknownFields'),
  'x-kubernetes-embedded-resource': copy('embeddedResource'),
  'x-kubernetes-patch-strategy': copy('patchStrategy'),
  'x-kubernetes-patch-merge-key': copy('patchMergeKey'),
  'x-kubernetes-list-type': copy('listType'),
  'x-kubernetes-list-map-keys': copy('listMapKeys'),
  'x-kubernetes-map-type': copy('mapType'),
  'x-kubernetes-unions': copy('unions'),
  'x-kubernetes-group-version-kind': (value, node) => {
    node.gvk = (value as GroupVersionKind[]).map(({ group, version, kind }) => ({ group, version, kind }));
  },
};

export function refName(ref: unknown, at: string): string {
  if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) {
    throw new SchemaFlattenError(`${at}: unsupported $ref ${JSON.stringify(ref)} (only ${REF_PREFIX}<name>)`);
  }
  return ref.slice(REF_PREFIX.length);
}

/** `at` names the place in the input for error messages, e.g. "io.k8s.api.core.v1.Pod.properties.spec". */
export function flattenSchema(schema: OpenApiSchema, at: string): SchemaNode {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new SchemaFlattenError(`${at}: expected a schema object, got ${JSON.stringify(schema)}`);
  }
  const { allOf, ...rest } = schema;
  const node: SchemaNode = {};
  for (const [keyword, value] of Object.entries(rest)) {
    const convert = KEYWORDS[keyword];
    if (convert === undefined) throw new SchemaFlattenError(`${at}: unsupported schema keyword ${JSON.stringify(keyword)}`);
    convert(value, node, at);
  }
  if (allOf !== undefined) {
    const only = Array.isArray(allOf) && allOf.length === 1 ? (allOf[0] as OpenApiSchema) : undefined;
    const isWrappedRef = only !== undefined && Object.keys(only).length === 1 && typeof only.$ref === 'string' && node.$ref === undefined;
    if (isWrappedRef) node.$ref = refName(only.$ref, `${at}.allOf[0]`);
    else KEYWORDS.allOf(allOf, node, at);
  }
  return node;
}

export function flattenDefinitions(schemas: Record<string, OpenApiSchema>): Record<string, SchemaNode> {
  const definitions: Record<string, SchemaNode> = {};
  for (const [name, schema] of Object.entries(schemas)) definitions[name] = flattenSchema(schema, name);
  return definitions;
}

/** Every definition name a node refers to, directly or through nested nodes (not following refs). */
export function collectRefs(node: SchemaNode, into: Set<string> = new Set()): Set<string> {
  if (node.$ref !== undefined) into.add(node.$ref);
  for (const child of Object.values(node.properties ?? {})) collectRefs(child, into);
  if (typeof node.additionalProperties === 'object') collectRefs(node.additionalProperties, into);
  if (node.items !== undefined) collectRefs(node.items, into);
  for (const list of [node.allOf, node.anyOf, node.oneOf]) for (const child of list ?? []) collectRefs(child, into);
  if (node.not !== undefined) collectRefs(node.not, into);
  return into;
}
