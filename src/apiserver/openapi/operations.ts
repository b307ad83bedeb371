// The REST paths and operations of a resource as OpenAPI path items. kubectl reads them to learn
// which query parameters the server supports (dryRun, fieldValidation) per group/version/kind.
import type { ServedResource } from '../served-resources.js';

type Obj = Record<string, unknown>;

const query = (name: string, description: string, type = 'string'): Obj => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
const pathParam = (name: string, description: string): Obj => ({ name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } });

const DRY_RUN = query('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = query('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const FIELD_VALIDATION = query('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.');
const FORCE = query('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const PRETTY = query('pretty', "If 'true', then the output is pretty printed.");
const LIST_PARAMS = [
  query('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".', 'boolean'),
  query('continue', 'The continue option should be set when retrieving more results from the server.'),
  query('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
  query('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
  query('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  query('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  query('resourceVersionMatch', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  query('sendInitialEvents', 'sendInitialEvents=true may be set together with watch=true.', 'boolean'),
  query('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  query('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.', 'boolean'),
];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({
  'application/json': { schema: ref(name) },
  'application/yaml': { schema: ref(name) },
  'application/vnd.kubernetes.protobuf': { schema: ref(name) },
});
/**
 * The patch types of a resource. Custom resources have no strategic merge patch: kubectl's
 * client-side apply reads this list and falls back to a JSON merge patch when it is missing.
 */
function patchBody(resource: ServedResource): Obj {
  const types = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];
  if (resource.custom === undefined) types.push('application/strategic-merge-patch+json');
  return { content: Object.fromEntries(types.map((type) => [type, { schema: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Patch') }])), required: true };
}
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';

/** Definitions every group/version document refers to from its operations. */
export const OPERATION_DEFINITIONS = [STATUS, DELETE_OPTIONS, 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch'];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function operationIdPrefix(resource: ServedResource): string {
  const { group, version } = resource.info;
  const groupPart = group === '' ? 'Core' : group.split('.')[0].replace(/-(.)/g, (_, c: string) => c.toUpperCase());
  return `${capitalize(groupPart)}${capitalize(version)}`;
}

export interface ResourceDefinitions {
  object: string;
  list: string;
}

/** Path items for a resource (collection, object, all-namespaces list, subresources). */
export function resourcePaths(resource: ServedResource, definitions: ResourceDefinitions, subresourceDefinition: (kind: string, group?: string, version?: string) => string): Record<string, Obj> {
  const { info } = resource;
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const collection = info.namespaced ? `${base}/namespaces/{namespace}/${info.plural}` : `${base}/${info.plural}`;
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const prefix = operationIdPrefix(resource);
  const kindName = info.kind;
  const tags = [info.group === '' ? `core_${info.version}` : `${info.group.split('.')[0]}_${info.version}`];
  const can = (verb: string) => info.verbs.includes(verb);
  const scopeWord = info.namespaced ? 'Namespaced' : '';
  const ok = (name: string) => ({ '200': { description: 'OK', content: jsonContent(name) } });
  const op = (id: string, action: string, extra: Obj, schemaFor = gvk): Obj => ({
    tags,
    description: `${action} ${kindName}`,
    operationId: `${id}${prefix}${scopeWord}${kindName}`,
    ...extra,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': schemaFor,
  });
  const nsParams = info.namespaced ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const paths: Record<string, Obj> = {};

  const collectionItem: Obj = { parameters: [...nsParams, PRETTY] };
  if (can('list')) collectionItem.get = op('list', 'list', { parameters: LIST_PARAMS, responses: ok(definitions.list) });
  if (can('create')) {
    collectionItem.post = op('create', 'post', {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: { content: { '*/*': { schema: ref(definitions.object) } }, required: true },
      responses: { ...ok(definitions.object), '201': { description: 'Created', content: jsonContent(definitions.object) } },
    });
  }
  if (can('deletecollection')) {
    collectionItem.delete = op('deleteCollection', 'deletecollection', {
      parameters: [DRY_RUN, ...LIST_PARAMS.filter((p) => p.name !== 'watch')],
      requestBody: { content: { '*/*': { schema: ref(DELETE_OPTIONS) } } },
      responses: ok(STATUS),
    });
  }
  if (Object.keys(collectionItem).length > 1) paths[collection] = collectionItem;

  const objectPath = `${collection}/{name}`;
  const objectItem: Obj = { parameters: [pathParam('name', `name of the ${kindName}`), ...nsParams, PRETTY] };
  if (can('get')) objectItem.get = op('read', 'get', { responses: ok(definitions.object) });
  if (can('update')) {
    objectItem.put = op('replace', 'put', {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: { content: { '*/*': { schema: ref(definitions.object) } }, required: true },
      responses: ok(definitions.object),
    });
  }
  if (can('patch')) {
    objectItem.patch = op('patch', 'patch', { parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE], requestBody: patchBody(resource), responses: ok(definitions.object) });
  }
  if (can('delete')) {
    objectItem.delete = op('delete', 'delete', {
      parameters: [DRY_RUN, query('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'), query('propagationPolicy', 'Whether and how garbage collection will be performed.')],
      requestBody: { content: { '*/*': { schema: ref(DELETE_OPTIONS) } } },
      responses: { ...ok(STATUS), '202': { description: 'Accepted', content: jsonContent(STATUS) } },
    });
  }
  if (Object.keys(objectItem).length > 1) paths[objectPath] = objectItem;

  if (info.namespaced && can('list')) {
    paths[`${base}/${info.plural}`] = {
      parameters: [PRETTY],
      get: { ...op('list', 'list', { parameters: LIST_PARAMS, responses: ok(definitions.list) }), operationId: `list${prefix}${kindName}ForAllNamespaces` },
    };
  }

  for (const sub of info.subresources) {
    if (!['status', 'scale'].includes(sub.name)) continue;
    const subDefinition = subresourceDefinition(sub.kind, sub.group, sub.version);
    const subGvk = { group: sub.group ?? info.group, version: sub.version ?? info.version, kind: sub.kind };
    const suffix = capitalize(sub.name);
    const item: Obj = { parameters: [pathParam('name', `name of the ${sub.kind}`), ...nsParams, PRETTY] };
    if (sub.verbs.includes('get')) item.get = { ...op('read', 'get', { responses: ok(subDefinition) }, subGvk), operationId: `read${prefix}${scopeWord}${kindName}${suffix}` };
    if (sub.verbs.includes('update')) {
      item.put = {
        ...op('replace', 'put', { parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], requestBody: { content: { '*/*': { schema: ref(subDefinition) } }, required: true }, responses: ok(subDefinition) }, subGvk),
        operationId: `replace${prefix}${scopeWord}${kindName}${suffix}`,
      };
    }
    if (sub.verbs.includes('patch')) {
      item.patch = {
        ...op('patch', 'patch', { parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE], requestBody: patchBody(resource), responses: ok(subDefinition) }, subGvk),
        operationId: `patch${prefix}${scopeWord}${kindName}${suffix}`,
      };
    }
    paths[`${objectPath}/${sub.name}`] = item;
  }
  return paths;
}
