// PATCH: JSON patch, JSON merge patch, strategic merge patch (built-ins only: 415 for custom
// resources, as upstream) and server-side apply (application/apply-patch+yaml, creates when absent).
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  badRequest,
  unsupportedMediaType,
} from '../../machinery/index.js';
import { decodeDocument, mediaTypeOf, readBody, requireObject } from '../http/body.js';
import type { KubeObject } from '../storage/resource-storage.js';
import { createObject } from './create.js';
import { checkObjectShape } from './request-object.js';
import { applyConfiguration, handleUnknownFields } from './schema-bridge.js';
import type { RequestScope } from './scope.js';
import { sendStored } from './scope.js';
import { handleSubresource } from './subresources.js';
import { updateObject } from './update-object.js';
import { parseWriteOptions, type WriteOptions } from './write-options.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export interface PatchRequest {
  type: PatchType;
  patch: unknown;
  options: WriteOptions;
}

export async function readPatch(scope: RequestScope): Promise<PatchRequest> {
  const mediaType = mediaTypeOf(scope.req.headers['content-type']);
  const type = PATCH_TYPES[mediaType];
  const custom = scope.resource.custom !== undefined;
  const supported = Object.keys(PATCH_TYPES).filter((t) => !t.endsWith('cbor') && !(custom && t.includes('strategic')));
  if (type === undefined || mediaType.endsWith('cbor') || (type === 'strategic' && custom)) throw unsupportedMediaType(supported);
  const options = parseWriteOptions(scope.query, scope.req);
  if (type === 'apply' && !scope.query.get('fieldManager')) {
    throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set: the fieldManager query parameter is required for apply patch');
  }
  if (type !== 'apply' && scope.query.has('force')) {
    throw badRequest('force: Forbidden: may not be specified for non-apply patch');
  }
  const body = await readBody(scope.req, scope.ctx.maxBodyBytes, scope.res);
  const patch = decodeDocument(body, type === 'apply' ? 'application/yaml' : 'application/json');
  if (type !== 'json') requireObject(patch, 'patch');
  return { type, patch, options };
}

/** The object after the patch; kind, apiVersion, name and namespace may not change. */
export function patchedObject(scope: RequestScope, current: KubeObject, request: PatchRequest): KubeObject {
  let result: unknown;
  switch (request.type) {
    case 'json':
      result = applyJsonPatch(current, request.patch);
      break;
    case 'merge':
      result = applyMergePatch(current, request.patch);
      break;
    case 'strategic':
      result = applyStrategicMergePatch(current, request.patch, scope.resource.schema, scope.resource.walker);
      break;
    case 'apply':
      result = applyConfiguration(scope, current, checkObjectShape(scope, requireObject(request.patch)), request.options);
      break;
  }
  const object = checkObjectShape(scope, requireObject(result, 'patched object'));
  const name = current.metadata.name;
  if (object.metadata.name !== name) {
    throw badRequest(`the name of the object (${String(object.metadata.name)}) does not match the name on the URL (${name})`);
  }
  return object;
}

export async function handlePatch(scope: RequestScope): Promise<void> {
  if (scope.subresource !== undefined) return handleSubresource(scope, 'patch');
  const request = await readPatch(scope);
  const name = scope.name!;
  const result = await updateObject(
    scope,
    name,
    {
      mutate: (current) => {
        const object = patchedObject(scope, current, request);
        return request.type === 'apply' ? object : handleUnknownFields(scope, object, request.options.fieldValidation);
      },
      managedFieldsDone: request.type === 'apply',
      createIfMissing:
        request.type === 'apply'
          ? async () => {
              const applied = checkObjectShape(scope, requireObject(request.patch));
              if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
                throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
              }
              applied.metadata.name = name;
              const initial = applyConfiguration(scope, undefined, applied, request.options);
              return createObject(scope, initial, request.options, true);
            }
          : undefined,
    },
    request.options,
  );
  sendStored(scope, result.created ? 201 : 200, result);
}
