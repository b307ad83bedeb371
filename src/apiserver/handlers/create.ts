// POST: create an object (generateName retried on collision), with admission, defaults, validation
// and dryRun. Answers 201 with the stored object.
import { isStatusError } from '../../machinery/index.js';
import { admitCreateInNamespace } from '../admission/index.js';
import type { KubeObject } from '../storage/resource-storage.js';
import type { KeyValue } from '../../store/types.js';
import { cloneJson } from './json-values.js';
import { validateObject } from './object-checks.js';
import { prepareForCreate } from './object-meta.js';
import { readRequestObject } from './request-object.js';
import { applyDefaults, handleUnknownFields, recordManagedFields, validateAgainstSchemaOf } from './schema-bridge.js';
import type { RequestScope } from './scope.js';
import { sendStored } from './scope.js';
import { allocateServiceAddresses } from './service-allocation.js';
import { jobSelectorOnCreate, podDefaultTolerationsOnCreate, podServiceAccountOnCreate, statusOnCreate } from './strategy.js';
import { parseWriteOptions, type WriteOptions } from './write-options.js';
import { handleSubresource } from './subresources.js';
import { handleVirtualCreate } from './virtual-resources.js';

const GENERATE_NAME_ATTEMPTS = 8;

export async function handleCreate(scope: RequestScope): Promise<void> {
  if (scope.subresource !== undefined) return handleSubresource(scope, 'create');
  if (await handleVirtualCreate(scope)) return;
  const options = parseWriteOptions(scope.query, scope.req);
  const object = handleUnknownFields(scope, await readRequestObject(scope), options.fieldValidation);
  sendStored(scope, 201, await createObject(scope, object, options));
}

/**
 * Creates `input` (already pruned); `managedFieldsDone` when server-side apply has set them. Answers
 * the stored object (decoded on first use), or the object that would be stored under dryRun.
 */
export async function createObject(scope: RequestScope, input: KubeObject, options: WriteOptions, managedFieldsDone = false): Promise<{ object: KubeObject; kv?: KeyValue }> {
  const { resource, ctx } = scope;
  const generated = (input.metadata.name === undefined || input.metadata.name === '') && !!input.metadata.generateName;
  for (let attempt = 1; ; attempt++) {
    let object = applyDefaults(resource, cloneJson(input));
    if (!managedFieldsDone) object = recordManagedFields(scope, object, undefined, options.fieldManager);
    prepareForCreate(resource, object, ctx.clock());
    statusOnCreate(resource, object);
    podServiceAccountOnCreate(resource, object);
    podDefaultTolerationsOnCreate(resource, object);
    jobSelectorOnCreate(resource, object);
    validateObject(resource, object);
    validateAgainstSchemaOf(resource, object);
    await admitCreateInNamespace(ctx, resource, object.metadata.namespace, object.metadata.name ?? '');
    if (resource.info.group === '' && resource.info.plural === 'services') await allocateServiceAddresses(ctx.store, ctx.serviceRange, object);
    if (options.dryRun) return { object };
    try {
      return await scope.storage.create(object);
    } catch (error) {
      if (!generated || attempt >= GENERATE_NAME_ATTEMPTS || !isStatusError(error) || error.reason !== 'AlreadyExists') throw error;
    }
  }
}
