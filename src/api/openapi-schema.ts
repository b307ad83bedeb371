// SchemaNode -> OpenAPI schema objects, for serving /openapi/v3 and /openapi/v2 from the catalog
// (the upstream spec files are not shipped). The inverse of src/codegen/schema-flatten.ts:
//   v3: a `$ref` with siblings becomes `allOf: [{$ref}]` plus the siblings, as upstream publishes it.
//   v2: `$ref` keeps its siblings directly, `default` is dropped, and the `oneOf` types (IntOrString,
//       Quantity) are published as `type: string`, as upstream swagger.json has them.
import type { SchemaNode } from './schema-types.js';

export type OpenApiSchemaObject = Record<string, unknown>;

const EXTENSIONS: [keyof SchemaNode, string][] = [
  ['preserveUnknownFields', 'x-kubernetes-preserve-unknown-fields'],
  ['embeddedResource', 'x-kubernetes-embedded-resource'],
  ['patchStrategy', 'x-kubernetes-patch-strategy'],
  ['patchMergeKey', 'x-kubernetes-patch-merge-key'],
  ['listType', 'x-kubernetes-list-type'],
  ['listMapKeys', 'x-kubernetes-list-map-keys'],
  ['mapType', 'x-kubernetes-map-type'],
  ['unions', 'x-kubernetes-unions'],
  ['gvk', 'x-kubernetes-group-version-kind'],
];

const PLAIN: (keyof SchemaNode)[] = [
  'type', 'format', 'description', 'default', 'enum', 'nullable', 'required', 'pattern', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems',
  'uniqueItems', 'minProperties', 'maxProperties',
];

type Dialect = 'v2' | 'v3';

export function toOpenApiV3Schema(node: SchemaNode): OpenApiSchemaObject {
  return convert(node, 'v3');
}

export function toOpenApiV2Schema(node: SchemaNode): OpenApiSchemaObject {
  return convert(node, 'v2');
}

function refTo(name: string, dialect: Dialect): string {
  return dialect === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}`;
}

function convert(node: SchemaNode, dialect: Dialect): OpenApiSchemaObject {
  const schema: OpenApiSchemaObject = {};
  for (const field of PLAIN) if (node[field] !== undefined) schema[field] = node[field];
  for (const [field, extension] of EXTENSIONS) if (node[field] !== undefined) schema[extension] = node[field];
  // Derived from format int-or-string by the generator; only a CRD-style schema spells it out.
  if (node.intOrString === true && node.format !== 'int-or-string') schema['x-kubernetes-int-or-string'] = true;
  if (node.properties !== undefined) {
    const properties: Record<string, OpenApiSchemaObject> = {};
    for (const [name, child] of Object.entries(node.properties)) properties[name] = convert(child, dialect);
    schema.properties = properties;
  }
  if (node.additionalProperties !== undefined) {
    schema.additionalProperties = typeof node.additionalProperties === 'boolean' ? node.additionalProperties : convert(node.additionalProperties, dialect);
  }
  if (node.items !== undefined) schema.items = convert(node.items, dialect);
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[combinator];
    if (list !== undefined) schema[combinator] = list.map((child) => convert(child, dialect));
  }
  if (node.not !== undefined) schema.not = convert(node.not, dialect);
  if (dialect === 'v2') {
    delete schema.default;
    delete schema.nullable;
    if (schema.oneOf !== undefined && schema.type === undefined) {
      delete schema.oneOf;
      schema.type = 'string';
    }
  }
  if (node.$ref !== undefined) {
    const ref = refTo(node.$ref, dialect);
    if (dialect === 'v2' || Object.keys(schema).length === 0) return { $ref: ref, ...schema };
    const existing = (schema.allOf as OpenApiSchemaObject[] | undefined) ?? [];
    return { ...schema, allOf: [{ $ref: ref }, ...existing] };
  }
  return schema;
}
