// PUT: replace an object. A resourceVersion in the body makes it conditional (409 when stale).
import { badRequest } from '../../machinery/index.js';
import { readRequestObject } from './request-object.js';
import { handleUnknownFields } from './schema-bridge.js';
import type { RequestScope } from './scope.js';
import { sendStored } from './scope.js';
import { handleSubresource } from './subresources.js';
import { updateObject } from './update-object.js';
import { parseWriteOptions } from './write-options.js';

export async function handleUpdate(scope: RequestScope): Promise<void> {
  if (scope.subresource !== undefined) return handleSubresource(scope, 'update');
  const options = parseWriteOptions(scope.query, scope.req);
  const name = scope.name!;
  const object = handleUnknownFields(scope, await readRequestObject(scope), options.fieldValidation);
  if (object.metadata.name !== undefined && object.metadata.name !== '' && object.metadata.name !== name) {
    throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
  }
  object.metadata.name = name;
  const result = await updateObject(scope, name, { mutate: () => object, replaces: true }, options);
  sendStored(scope, result.created ? 201 : 200, result);
}
