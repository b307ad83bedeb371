// A CRD's openAPIV3Schema (apiextensions JSONSchemaProps) re-expressed as the SchemaNode the
// machinery validates, defaults and prunes with. apiVersion, kind and metadata are always known
// fields; metadata points at the built-in ObjectMeta definition.
import type { SchemaNode } from '../../api/schema-types.js';

export const OBJECT_META_DEFINITION = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

type Props = Record<string, unknown>;

const isObject = (value: unknown): value is Props => typeof value === 'object' && value !== null && !Array.isArray(value);

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const LIST_TYPES = new Set(['atomic', 'set', 'map']);
const MAP_TYPES = new Set(['atomic', 'granular']);

const copyIf = <K extends keyof SchemaNode>(node: SchemaNode, key: K, value: unknown, check: (v: unknown) => boolean) => {
  if (value !== undefined && check(value)) node[key] = value as SchemaNode[K];
};
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown) => typeof v === 'string';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((item) => typeof item === 'string');

export function schemaNodeFromProps(props: unknown): SchemaNode {
  if (!isObject(props)) return {};
  const node: SchemaNode = {};
  copyIf(node, 'type', props.type, (v) => TYPES.has(v as string));
  copyIf(node, 'format', props.format, isString);
  copyIf(node, 'description', props.description, isString);
  if ('default' in props) node.default = props.default;
  copyIf(node, 'enum', props.enum, Array.isArray);
  copyIf(node, 'nullable', props.nullable, isBoolean);
  copyIf(node, 'required', props.required, isStringArray);
  if (isObject(props.properties)) {
    node.properties = Object.fromEntries(Object.entries(props.properties).map(([key, value]) => [key, schemaNodeFromProps(value)]));
  }
  if (typeof props.additionalProperties === 'boolean') node.additionalProperties = props.additionalProperties;
  else if (isObject(props.additionalProperties)) node.additionalProperties = schemaNodeFromProps(props.additionalProperties);
  if (isObject(props.items)) node.items = schemaNodeFromProps(props.items);
  if (props['x-kubernetes-int-or-string'] === true) node.intOrString = true;
  if (props['x-kubernetes-preserve-unknown-fields'] === true) node.preserveUnknownFields = true;
  if (props['x-kubernetes-embedded-resource'] === true) node.embeddedResource = true;
  copyIf(node, 'listType', props['x-kubernetes-list-type'], (v) => LIST_TYPES.has(v as string));
  copyIf(node, 'listMapKeys', props['x-kubernetes-list-map-keys'], isStringArray);
  copyIf(node, 'mapType', props['x-kubernetes-map-type'], (v) => MAP_TYPES.has(v as string));
  copyIf(node, 'pattern', props.pattern, isString);
  for (const key of ['minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    copyIf(node, key, props[key], isNumber);
  }
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum', 'uniqueItems'] as const) copyIf(node, key, props[key], isBoolean);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = props[key];
    if (Array.isArray(list)) node[key] = list.map(schemaNodeFromProps);
  }
  if (isObject(props.not)) node.not = schemaNodeFromProps(props.not);
  return node;
}

/** The root schema of a custom resource: the CRD's schema plus apiVersion, kind and metadata. */
export function customResourceSchema(openAPIV3Schema: unknown, kind: string): SchemaNode {
  const root = isObject(openAPIV3Schema) ? schemaNodeFromProps(openAPIV3Schema) : { type: 'object' as const, preserveUnknownFields: true };
  return {
    ...root,
    type: 'object',
    description: root.description ?? `${kind} is a custom resource.`,
    properties: {
      ...root.properties,
      apiVersion: {
        type: 'string',
        description: 'APIVersion defines the versioned schema of this representation of an object.',
      },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { $ref: OBJECT_META_DEFINITION, description: "Standard object's metadata." },
    },
  };
}
