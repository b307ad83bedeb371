// RFC 6902 JSON patch (application/json-patch+json) via fast-json-patch, with failures turned into
// Status errors that name the operation: malformed documents are 400, operations that cannot apply 422.
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { badRequest, failureStatus, unprocessableEntity } from './errors.js';
import { cloneJson } from './json-clone.js';

const { applyPatch, JsonPatchError } = fastJsonPatch;

export type JsonPatchOperation = Operation;

const operationNames = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function describe(operation: unknown): string {
  if (typeof operation !== 'object' || operation === null) return JSON.stringify(operation);
  const { op, path, from } = operation as { op?: unknown; path?: unknown; from?: unknown };
  return [op, from === undefined ? undefined : `from ${String(from)}`, path].filter((part) => part !== undefined).map(String).join(' ');
}

/** Upstream's cap on operations per JSON patch. */
export const maxJsonPatchOperations = 10000;

/** Checks the shape of the patch document itself (400 on failure, 413 past the operation cap). */
function checkShape(ops: unknown): asserts ops is Operation[] {
  if (!Array.isArray(ops)) throw badRequest('json patch must be a JSON array of operations');
  if (ops.length > maxJsonPatchOperations) {
    throw failureStatus(413, 'RequestEntityTooLarge', `Request entity too large: The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${ops.length}`);
  }
  ops.forEach((operation, index) => {
    if (typeof operation !== 'object' || operation === null || Array.isArray(operation)) {
      throw badRequest(`json patch operation ${index}: must be an object, got ${JSON.stringify(operation)}`);
    }
    const { op, path, from } = operation as Record<string, unknown>;
    if (typeof op !== 'string' || !operationNames.has(op)) {
      throw badRequest(`json patch operation ${index}: unknown "op" ${JSON.stringify(op)} (expected add, remove, replace, move, copy or test)`);
    }
    if (typeof path !== 'string') throw badRequest(`json patch operation ${index} (${op}): "path" must be a string`);
    if (path !== '' && !path.startsWith('/')) throw badRequest(`json patch operation ${index} (${op}): "path" must start with "/", got ${JSON.stringify(path)}`);
    if ((op === 'move' || op === 'copy') && typeof from !== 'string') throw badRequest(`json patch operation ${index} (${op}): "from" is required`);
    if ((op === 'add' || op === 'replace' || op === 'test') && !('value' in operation)) {
      throw badRequest(`json patch operation ${index} (${op} ${path}): "value" is required`);
    }
  });
}

const reasons: Record<string, string> = {
  TEST_OPERATION_FAILED: 'test failed: the value differs',
  OPERATION_PATH_UNRESOLVABLE: 'the path does not exist',
  OPERATION_FROM_UNRESOLVABLE: 'the "from" path does not exist',
  OPERATION_PATH_CANNOT_ADD: 'cannot add at this path (its parent does not exist)',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'array index must be an unsigned integer or "-"',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'array index is out of bounds',
};

/** Applies the operations to a copy of `doc`; throws a StatusError naming the failing operation's index. */
export function applyJsonPatch<T>(doc: T, ops: unknown): T {
  checkShape(ops);
  try {
    return applyPatch(cloneJson(doc), ops, true, true, true).newDocument;
  } catch (error) {
    if (error instanceof JsonPatchError) {
      const index = error.index ?? 0;
      const reason = reasons[error.name] ?? error.message;
      throw unprocessableEntity(`json patch operation ${index} (${describe(ops[index])}) cannot be applied: ${reason}`);
    }
    throw unprocessableEntity(`json patch cannot be applied: ${(error as Error).message}`);
  }
}
