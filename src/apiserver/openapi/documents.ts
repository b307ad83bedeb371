// The OpenAPI v3 document of one group/version and the Swagger 2.0 document of everything, built
// from what is served now: built-in definitions from the catalog, custom resources from their CRD
// schema (with x-kubernetes-group-version-kind so kubectl explain finds them).
import { definitionGVKs, kubernetesVersion, referencedDefinitions, schemaCatalog } from '../../api/index.js';
import { toOpenApiV2Schema, toOpenApiV3Schema } from '../../api/openapi-schema.js';
import type { SchemaNode } from '../../api/schema-types.js';
import type { ServedResource, ServedResources } from '../served-resources.js';
import { definitionNameOf, listDefinitionNameOf } from './definition-names.js';
import { OPERATION_DEFINITIONS, resourcePaths } from './operations.js';

type Obj = Record<string, unknown>;

const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** The schema of a custom resource's list kind. */
function customListSchema(resource: ServedResource, itemName: string): SchemaNode {
  const { info } = resource;
  return {
    type: 'object',
    description: `${info.listKind} is a list of ${info.kind}`,
    required: ['items'],
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      items: { type: 'array', description: `List of ${info.plural}.`, items: { $ref: itemName } },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { $ref: LIST_META, description: "Standard list metadata." },
    },
    gvk: [{ group: info.group, version: info.version, kind: info.listKind }],
  };
}

/** Upstream publishes a CRD's int-or-string fields as anyOf integer/string, which is what kubectl explain shows as <IntOrString>. */
function withIntOrStringAlternatives(node: SchemaNode): SchemaNode {
  const result: SchemaNode = { ...node };
  if (node.intOrString === true && node.type === undefined && node.anyOf === undefined) result.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (node.properties !== undefined) result.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, withIntOrStringAlternatives(v)]));
  if (typeof node.additionalProperties === 'object') result.additionalProperties = withIntOrStringAlternatives(node.additionalProperties);
  if (node.items !== undefined) result.items = withIntOrStringAlternatives(node.items);
  return result;
}

/** Definitions (by name) describing a set of served resources, closed over their references. */
export function definitionsFor(resources: ServedResource[]): Record<string, SchemaNode> {
  const { definitions } = schemaCatalog();
  const own: Record<string, SchemaNode> = {};
  const builtinRoots = new Set(OPERATION_DEFINITIONS);
  for (const resource of resources) {
    if (resource.custom === undefined) {
      builtinRoots.add(resource.info.definition);
      const listName = listDefinitionNameOf(resource);
      if (definitions[listName] !== undefined) builtinRoots.add(listName);
      for (const sub of resource.info.subresources) {
        const name = subresourceDefinitionName(resource, sub.kind, sub.group, sub.version);
        if (definitions[name] !== undefined) builtinRoots.add(name);
      }
      continue;
    }
    const name = definitionNameOf(resource);
    const { info } = resource;
    own[name] = { ...withIntOrStringAlternatives(resource.schema), gvk: [{ group: info.group, version: info.version, kind: info.kind }] };
    own[listDefinitionNameOf(resource)] = customListSchema(resource, name);
    builtinRoots.add(LIST_META);
    builtinRoots.add('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    if (resource.custom.scale !== undefined) builtinRoots.add('io.k8s.api.autoscaling.v1.Scale');
  }
  const result: Record<string, SchemaNode> = {};
  for (const name of referencedDefinitions([...builtinRoots])) result[name] = definitions[name];
  return { ...result, ...own };
}

const byGvk = new Map<string, string>();
function builtinDefinitionByKind(group: string, version: string, kind: string): string | undefined {
  if (byGvk.size === 0) {
    for (const name of Object.keys(schemaCatalog().definitions)) {
      for (const gvk of definitionGVKs(name)) byGvk.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
    }
  }
  return byGvk.get(`${group}/${version}/${kind}`);
}

export function subresourceDefinitionName(resource: ServedResource, kind: string, group?: string, version?: string): string {
  const { info } = resource;
  const g = group ?? info.group;
  const v = version ?? info.version;
  if (g === info.group && v === info.version && kind === info.kind) return definitionNameOf(resource);
  return builtinDefinitionByKind(g, v, kind) ?? `${g}.${v}.${kind}`;
}

function pathsFor(resources: ServedResource[]): Record<string, Obj> {
  const paths: Record<string, Obj> = {};
  for (const resource of resources) {
    Object.assign(
      paths,
      resourcePaths(resource, { object: definitionNameOf(resource), list: listDefinitionNameOf(resource) }, (kind, group, version) =>
        subresourceDefinitionName(resource, kind, group, version),
      ),
    );
  }
  return Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const info = () => ({ title: 'Kubernetes', version: kubernetesVersion.gitVersion });

export function resourcesOfGroupVersion(served: ServedResources, group: string, version: string): ServedResource[] {
  return served
    .all()
    .filter(({ info: i }) => i.group === group && i.version === version)
    .sort((a, b) => a.info.plural.localeCompare(b.info.plural));
}

export function openApiV3Document(resources: ServedResource[]): Obj {
  const schemas: Record<string, unknown> = {};
  const definitions = definitionsFor(resources);
  for (const name of Object.keys(definitions).sort()) schemas[name] = toOpenApiV3Schema(definitions[name]);
  return { openapi: '3.0.0', info: info(), paths: pathsFor(resources), components: { schemas } };
}

export function openApiV2Document(resources: ServedResource[]): Obj {
  const v2Definitions: Record<string, unknown> = {};
  const definitions = definitionsFor(resources);
  for (const name of Object.keys(definitions).sort()) v2Definitions[name] = toOpenApiV2Schema(definitions[name]);
  const paths: Record<string, Obj> = {};
  for (const [path, item] of Object.entries(pathsFor(resources))) paths[path] = toSwaggerPathItem(item);
  return { swagger: '2.0', info: info(), paths, definitions: v2Definitions };
}

/** OpenAPI v3 path items rewritten as Swagger 2.0 (parameters typed inline, body as a parameter). */
function toSwaggerPathItem(item: Obj): Obj {
  const convertParameter = (parameter: Obj): Obj => {
    const { schema, ...rest } = parameter as { schema?: Obj } & Obj;
    return { ...rest, ...(schema ?? {}) };
  };
  const result: Obj = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'parameters') {
      result.parameters = (value as Obj[]).map(convertParameter);
      continue;
    }
    const { requestBody, responses, parameters, ...operation } = value as Obj;
    const swaggerParameters = ((parameters as Obj[] | undefined) ?? []).map(convertParameter);
    const body = requestBody as { content?: Record<string, { schema: Obj }>; required?: boolean } | undefined;
    if (body?.content !== undefined) {
      const first = Object.values(body.content)[0];
      swaggerParameters.unshift({ name: 'body', in: 'body', required: body.required === true, schema: rewriteRef(first.schema) });
    }
    const swaggerResponses: Obj = {};
    for (const [code, response] of Object.entries((responses ?? {}) as Record<string, { description: string; content?: Record<string, { schema: Obj }> }>)) {
      const first = response.content === undefined ? undefined : Object.values(response.content)[0];
      swaggerResponses[code] = { description: response.description, ...(first === undefined ? {} : { schema: rewriteRef(first.schema) }) };
    }
    result[key] = {
      ...operation,
      consumes: key === 'patch' ? Object.keys(body?.content ?? {}) : ['*/*'],
      produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
      schemes: ['https'],
      parameters: swaggerParameters,
      responses: swaggerResponses,
    };
  }
  return result;
}

const rewriteRef = (schema: Obj): Obj =>
  typeof schema.$ref === 'string' ? { $ref: schema.$ref.replace('#/components/schemas/', '#/definitions/') } : schema;
