// The object in a create/update body: JSON or YAML, of the endpoint's kind and version, in the
// request's namespace.
import { badRequest, unsupportedMediaType } from '../../machinery/index.js';
import { decodeDocument, mediaTypeOf, readBody, requireObject } from '../http/body.js';
import { duplicateFieldsOf } from '../http/json-duplicates.js';
import { decodeProtobufObject } from '../http/protobuf/decode.js';
import type { KubeObject } from '../storage/resource-storage.js';
import { apiVersionOf } from '../storage/resource-storage.js';
import type { RequestScope } from './scope.js';

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** Reads and decodes the body as `kind`/`apiVersion` of the scope (or of the subresource's kind). */
export async function readRequestObject(scope: RequestScope, expected?: { apiVersion: string; kind: string }): Promise<KubeObject> {
  const mediaType = mediaTypeOf(scope.req.headers['content-type']) || 'application/json';
  const protobuf = mediaType === 'application/vnd.kubernetes.protobuf';
  if (mediaType !== 'application/json' && mediaType !== 'application/yaml' && mediaType !== 'text/yaml' && !protobuf) {
    throw unsupportedMediaType(OBJECT_MEDIA_TYPES);
  }
  const body = await readBody(scope.req, scope.ctx.maxBodyBytes, scope.res);
  const object = protobuf ? decodeProtobufObject(body) : requireObject(decodeDocument(body, mediaType));
  if (mediaType === 'application/json' && scope.query.get('fieldValidation') !== 'Ignore') scope.duplicateFields = duplicateFieldsOf(body.toString('utf8'), object);
  return checkObjectShape(scope, object, expected);
}

export function checkObjectShape(scope: RequestScope, object: Record<string, unknown>, expected?: { apiVersion: string; kind: string }): KubeObject {
  const apiVersion = expected?.apiVersion ?? apiVersionOf(scope.resource);
  const kind = expected?.kind ?? scope.resource.info.kind;
  if (object.apiVersion !== undefined && object.apiVersion !== apiVersion) {
    if (typeof object.apiVersion !== 'string') throw badRequest(`apiVersion: Invalid value: must be a string, not ${typeof object.apiVersion}`);
    throw badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersion})`);
  }
  if (object.kind !== undefined && object.kind !== kind) {
    if (typeof object.kind !== 'string') throw badRequest(`kind: Invalid value: must be a string, not ${typeof object.kind}`);
    throw badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${kind})`);
  }
  const metadata = object.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw badRequest(`${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${kind}: metadata must be an object`);
  }
  const result = { ...object, apiVersion, kind, metadata: { ...(metadata as Record<string, unknown>) } } as KubeObject;
  checkMetadataTypes(kind, apiVersion, result.metadata);
  const namespace = result.metadata.namespace;
  if (scope.resource.info.namespaced) {
    if (namespace !== undefined && namespace !== '' && scope.namespace !== undefined && namespace !== scope.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (scope.namespace !== undefined) result.metadata.namespace = scope.namespace;
  } else {
    delete result.metadata.namespace;
  }
  return result;
}

const STRING_FIELDS = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'selfLink'];
const MAP_FIELDS = ['labels', 'annotations'];
const LIST_FIELDS = ['finalizers', 'ownerReferences', 'managedFields'];

/** Type errors in metadata, phrased like upstream's decoder ("cannot be handled as a Pod: ..."). */
function checkMetadataTypes(kind: string, apiVersion: string, metadata: Record<string, unknown>): void {
  const fail = (detail: string) => {
    throw badRequest(`${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${kind}: ${detail}`);
  };
  for (const field of STRING_FIELDS) {
    const value = metadata[field];
    if (value !== undefined && value !== null && typeof value !== 'string') fail(`json: cannot unmarshal ${typeof value} into Go struct field ObjectMeta.metadata.${field} of type string`);
  }
  for (const field of MAP_FIELDS) {
    const value = metadata[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) fail(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`);
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (typeof entry !== 'string') fail(`json: cannot unmarshal ${entry === null ? 'null' : typeof entry} into Go struct field ObjectMeta.metadata.${field} of type string (key ${JSON.stringify(key)})`);
    }
  }
  for (const field of LIST_FIELDS) {
    const value = metadata[field];
    if (value !== undefined && value !== null && !Array.isArray(value)) fail(`json: cannot unmarshal ${typeof value} into Go struct field ObjectMeta.metadata.${field} of type []`);
    if (field === 'finalizers' && Array.isArray(value) && value.some((v) => typeof v !== 'string')) fail('json: cannot unmarshal non-string into Go struct field ObjectMeta.metadata.finalizers of type string');
    if (field !== 'finalizers' && Array.isArray(value) && value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) {
      fail(`json: cannot unmarshal non-object into Go struct field ObjectMeta.metadata.${field}`);
    }
  }
  for (const field of ['generation', 'deletionGracePeriodSeconds']) {
    const value = metadata[field];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isInteger(value))) fail(`json: cannot unmarshal ${typeof value} into Go struct field ObjectMeta.metadata.${field} of type int64`);
  }
  for (const field of STRING_FIELDS.concat(MAP_FIELDS, LIST_FIELDS, ['generation', 'deletionGracePeriodSeconds'])) {
    if (metadata[field] === null) delete metadata[field];
  }
}
