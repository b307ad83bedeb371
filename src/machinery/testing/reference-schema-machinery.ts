// The schema walks as they were before they were compiled into plans (commit 69af4ea), kept verbatim
// as the reference the compiled ones are checked against: same results, same messages, same order.
import { isDeepStrictEqual } from 'node:util';
import type { SchemaNode } from '../../api/schema-types.js';
import {
  childPath,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooLongMaxLength,
  fieldTooMany,
  fieldTypeInvalid,
  indexPath,
  keyPath,
  type FieldError,
} from '../field-errors.js';
import type { SchemaWalker } from '../schema-walk.js';
import { objectMetaFields } from '../object-meta-fields.js';
import { hasOwnField, setOwnField } from '../own-property.js';
import { jsonTypeName, unknownFieldMessage, type SchemaValidationOptions, type SchemaValidationResult, type UnknownFieldPolicy } from '../validate.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// --- defaults.ts

function fill(value: unknown, node: SchemaNode | undefined, walker: SchemaWalker): void {
  const schema = walker.resolve(node);
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    if (schema.items !== undefined) for (const item of value) fill(item, schema.items, walker);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, rawProperty] of Object.entries(schema.properties ?? {})) {
    const property = walker.resolve(rawProperty);
    if (property === undefined) continue;
    const current = value[key];
    const missing = !hasOwnField(value, key) || (current === null && property.nullable !== true);
    if (!missing) continue;
    if (property.default !== undefined) setOwnField(value, key, structuredClone(property.default));
    else if (current === null) delete value[key];
  }
  const extra = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const property = schema.properties !== undefined && hasOwnField(schema.properties, key) ? schema.properties[key] : undefined;
    if (property !== undefined) fill(child, property, walker);
    else if (typeof extra === 'object') fill(child, extra, walker);
  }
}

/** Returns a copy of `obj` with the schema's defaults applied (the input is not modified). */
export function referenceSchemaDefaults<T>(obj: T, schema: SchemaNode | undefined, walker: SchemaWalker): T {
  const copy = structuredClone(obj);
  fill(copy, schema, walker);
  return copy;
}

// --- prune.ts

const resourceFields = new Set(['apiVersion', 'kind', 'metadata']);

/** Subtrees kept as they are still get copied, so the result never shares structure with the input. */
function kept(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

function prune(value: unknown, node: SchemaNode | undefined, walker: SchemaWalker, path: string, keepResourceFields: boolean, pruned: string[]): unknown {
  const schema = walker.resolve(node);
  if (schema === undefined) return kept(value);
  if (Array.isArray(value)) {
    return schema.items === undefined ? kept(value) : value.map((item, index) => prune(item, schema.items, walker, indexPath(path, index), false, pruned));
  }
  if (!isObject(value)) return value;
  const keepResource = keepResourceFields || schema.embeddedResource === true;
  const result: Record<string, unknown> = {};
  const properties = schema.properties ?? {};
  const extra = schema.additionalProperties;
  for (const [key, child] of Object.entries(value)) {
    const property = hasOwnField(properties, key) ? properties[key] : undefined;
    if (keepResource && key === 'metadata' && isObject(child)) {
      setOwnField(result, key, pruneObjectMeta(child, childPath(path, key), pruned));
    } else if (property !== undefined) {
      setOwnField(result, key, prune(child, property, walker, childPath(path, key), false, pruned));
    } else if (typeof extra === 'object') {
      setOwnField(result, key, prune(child, extra, walker, keyPath(path, key), false, pruned));
    } else if (extra === true || schema.preserveUnknownFields === true || (keepResource && resourceFields.has(key))) {
      setOwnField(result, key, kept(child));
    } else {
      pruned.push(childPath(path, key));
    }
  }
  return result;
}

/** Resource metadata is ObjectMeta whatever the schema says: only fields ObjectMeta lacks are dropped. */
function pruneObjectMeta(metadata: Record<string, unknown>, path: string, pruned: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (objectMetaFields.has(key)) setOwnField(result, key, kept(value));
    else pruned.push(childPath(path, key));
  }
  return result;
}

/** Drops fields unknown to a CRD's structural schema; apiVersion, kind and metadata stay at the root. */
export function referencePruneUnknownFields<T>(obj: T, schema: SchemaNode | undefined, walker: SchemaWalker): { object: T; prunedPaths: string[] } {
  const prunedPaths: string[] = [];
  const object = prune(obj, schema, walker, '', true, prunedPaths) as T;
  return { object, prunedPaths };
}

// --- validate.ts

const int32Range = [-2147483648, 2147483647] as const;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const rootKnownFields = new Set(['apiVersion', 'kind', 'metadata']);

const patternCache = new Map<string, RegExp | undefined>();

/** Schema patterns compiled once; one JavaScript cannot compile is skipped (CRD creation rejects those). */
function compiledPattern(source: string): RegExp | undefined {
  if (!patternCache.has(source)) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(source, 'u');
    } catch {
      pattern = undefined;
    }
    patternCache.set(source, pattern);
  }
  return patternCache.get(source);
}

class SchemaValidator {
  readonly causes: FieldError[] = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly walker: SchemaWalker,
    private readonly unknownFields: UnknownFieldPolicy,
  ) {}

  private body(path: string): string {
    return path === '' ? 'body' : path;
  }

  validate(value: unknown, node: SchemaNode | undefined, path: string, root: boolean): void {
    const schema = this.walker.resolve(node);
    if (schema === undefined) return;
    if (value === null || value === undefined) {
      if (schema.nullable === true || schema.type === undefined) return;
      this.causes.push(fieldTypeInvalid(path, 'null', `${this.body(path)} in body must be of type ${schema.type}: "null"`));
      return;
    }
    if (!this.checkType(value, schema, path)) return;
    this.checkValue(value, schema, path);
    for (const branch of schema.allOf ?? []) this.validate(value, branch, path, false);
    this.checkCombinators(value, schema, path);
    if (isObject(value)) this.validateObject(value, schema, path, root);
    else if (Array.isArray(value)) this.validateList(value, schema, path);
  }

  /** Returns false (after recording a cause) when the value has the wrong JSON type. */
  private checkType(value: unknown, schema: SchemaNode, path: string): boolean {
    const actual = jsonTypeName(value);
    if (schema.intOrString === true) {
      if (actual === 'integer' || actual === 'string') return true;
      this.causes.push(fieldTypeInvalid(path, actual, `${this.body(path)} in body must be of type integer,string: "${actual}"`));
      return false;
    }
    const expected = schema.type;
    if (expected === undefined) return true;
    const ok = expected === actual || (expected === 'number' && actual === 'integer');
    if (!ok) this.causes.push(fieldTypeInvalid(path, actual, `${this.body(path)} in body must be of type ${expected}: "${actual}"`));
    return ok;
  }

  private checkValue(value: unknown, schema: SchemaNode, path: string): void {
    const where = `${this.body(path)} in body`;
    if (schema.enum !== undefined && !schema.enum.some((allowed) => isDeepStrictEqual(allowed, value))) {
      this.causes.push(fieldNotSupported(path, value, schema.enum));
    }
    if (typeof value === 'number') this.checkNumber(value, schema, path, where);
    if (typeof value === 'string') this.checkString(value, schema, path, where);
    if (Array.isArray(value)) {
      if (schema.maxItems !== undefined && value.length > schema.maxItems) this.causes.push(fieldTooMany(path, value.length, schema.maxItems));
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        this.causes.push(fieldInvalid(path, value.length, `${where} should have at least ${schema.minItems} items`));
      }
    }
    if (isObject(value)) {
      const count = Object.keys(value).length;
      if (schema.maxProperties !== undefined && count > schema.maxProperties) {
        this.causes.push(fieldTooMany(path, count, schema.maxProperties));
      }
      if (schema.minProperties !== undefined && count < schema.minProperties) {
        this.causes.push(fieldInvalid(path, count, `${where} should have at least ${schema.minProperties} properties`));
      }
    }
  }

  private checkNumber(value: number, schema: SchemaNode, path: string, where: string): void {
    if (schema.format === 'int32' && (value < int32Range[0] || value > int32Range[1])) {
      this.causes.push(fieldInvalid(path, value, `${where} must be of type int32: "${value}"`));
    }
    if (schema.format === 'int64' && !Number.isSafeInteger(value)) {
      this.causes.push(fieldInvalid(path, value, `${where} must be of type int64: "${value}"`));
    }
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum) {
        const relation = schema.exclusiveMaximum === true ? 'less than' : 'less than or equal to';
        this.causes.push(fieldInvalid(path, value, `${where} should be ${relation} ${schema.maximum}`));
      }
    }
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum) {
        const relation = schema.exclusiveMinimum === true ? 'greater than' : 'greater than or equal to';
        this.causes.push(fieldInvalid(path, value, `${where} should be ${relation} ${schema.minimum}`));
      }
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
      const quotient = value / schema.multipleOf;
      if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
        this.causes.push(fieldInvalid(path, value, `${where} should be a multiple of ${schema.multipleOf}`));
      }
    }
  }

  private checkString(value: string, schema: SchemaNode, path: string, where: string): void {
    const length = [...value].length;
    if (schema.maxLength !== undefined && length > schema.maxLength) this.causes.push(fieldTooLongMaxLength(path, schema.maxLength));
    if (schema.minLength !== undefined && length < schema.minLength) {
      this.causes.push(fieldInvalid(path, value, `${where} should be at least ${schema.minLength} chars long`));
    }
    if (schema.pattern !== undefined) {
      const pattern = compiledPattern(schema.pattern);
      if (pattern !== undefined && !pattern.test(value)) {
        this.causes.push(fieldInvalid(path, value, `${where} should match '${schema.pattern}'`));
      }
    }
    const format = schema.format;
    const formatOk =
      format === 'date-time' ? dateTimePattern.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T'))) :
      format === 'date' ? datePattern.test(value) :
      format === 'byte' ? base64Pattern.test(value) :
      true;
    if (!formatOk) this.causes.push(fieldInvalid(path, value, `${where} must be of type ${format}: ${JSON.stringify(value)}`));
  }

  private passes(value: unknown, branch: SchemaNode, path: string): boolean {
    const probe = new SchemaValidator(this.walker, 'Ignore');
    probe.validate(value, branch, path, false);
    return probe.causes.length === 0;
  }

  private checkCombinators(value: unknown, schema: SchemaNode, path: string): void {
    const { anyOf, oneOf, not } = schema;
    if (anyOf !== undefined && anyOf.length > 0 && !anyOf.some((branch) => this.passes(value, branch, path))) {
      this.causes.push(fieldInvalid(path, value, `${this.body(path)} in body must validate at least one schema (anyOf)`));
    }
    if (oneOf !== undefined && oneOf.length > 0 && oneOf.filter((branch) => this.passes(value, branch, path)).length !== 1) {
      this.causes.push(fieldInvalid(path, value, `${this.body(path)} in body must validate one and only one schema (oneOf)`));
    }
    if (not !== undefined && this.passes(value, not, path)) {
      this.causes.push(fieldInvalid(path, value, `${this.body(path)} in body must not validate the schema (not)`));
    }
  }

  private validateObject(value: Record<string, unknown>, schema: SchemaNode, path: string, root: boolean): void {
    for (const name of schema.required ?? []) {
      if (!(name in value)) this.causes.push(fieldRequired(childPath(path, name)));
    }
    if (schema.embeddedResource === true) this.checkEmbeddedResource(value, path);
    const properties = schema.properties ?? {};
    const extra = schema.additionalProperties;
    const resource = root || schema.embeddedResource === true;
    for (const [key, child] of Object.entries(value)) {
      const property = hasOwnField(properties, key) ? properties[key] : undefined;
      if (resource && key === 'metadata') {
        this.validateObjectMeta(child, property, childPath(path, key));
      } else if (property !== undefined) {
        this.validate(child, property, childPath(path, key), false);
      } else if (typeof extra === 'object') {
        this.validate(child, extra, keyPath(path, key), false);
      } else if (
        extra !== true &&
        schema.properties !== undefined &&
        schema.preserveUnknownFields !== true &&
        !(resource && rootKnownFields.has(key))
      ) {
        this.reportUnknown(childPath(path, key));
      }
    }
  }

  /** Resource metadata: the schema's own constraints, and unknown fields judged against ObjectMeta's. */
  private validateObjectMeta(value: unknown, property: SchemaNode | undefined, path: string): void {
    if (property !== undefined) {
      const constraints = new SchemaValidator(this.walker, 'Ignore');
      constraints.validate(value, property, path, false);
      this.causes.push(...constraints.causes);
    } else if (!isObject(value)) {
      this.causes.push(fieldTypeInvalid(path, jsonTypeName(value), `${path} in body must be of type object: "${jsonTypeName(value)}"`));
    }
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) if (!objectMetaFields.has(key)) this.reportUnknown(childPath(path, key));
  }

  private checkEmbeddedResource(value: Record<string, unknown>, path: string): void {
    for (const key of ['apiVersion', 'kind']) {
      if (typeof value[key] !== 'string' || value[key] === '') this.causes.push(fieldRequired(childPath(path, key), 'must not be empty'));
    }
  }

  private reportUnknown(path: string): void {
    if (this.unknownFields === 'Ignore') return;
    const message = unknownFieldMessage(path);
    if (this.unknownFields === 'Warn') this.warnings.push(message);
    else this.causes.push({ type: 'FieldValueUnknown', field: path, message });
  }

  private validateList(value: unknown[], schema: SchemaNode, path: string): void {
    const items = schema.items;
    value.forEach((item, index) => {
      if (items !== undefined) this.validate(item, items, indexPath(path, index), false);
    });
    if (schema.listType === 'map' && schema.listMapKeys !== undefined && schema.listMapKeys.length > 0) {
      const keys = schema.listMapKeys;
      const seen: Record<string, unknown>[] = [];
      value.forEach((item, index) => {
        if (!isObject(item)) return;
        const identity = Object.fromEntries(keys.filter((key) => item[key] !== undefined).map((key) => [key, item[key]]));
        if (seen.some((other) => isDeepStrictEqual(other, identity))) this.causes.push(fieldDuplicate(indexPath(path, index), identity));
        else seen.push(identity);
      });
    } else if (schema.listType === 'set' || schema.uniqueItems === true) {
      value.forEach((item, index) => {
        if (value.slice(0, index).some((earlier) => isDeepStrictEqual(earlier, item))) this.causes.push(fieldDuplicate(indexPath(path, index), item));
      });
    }
  }
}

/**
 * Checks `obj` against `schema` (refs resolved through `walker`): types, int32/int64 ranges,
 * int-or-string, formats, enums, required, patterns, bounds, lengths, list-map/set uniqueness,
 * nullable, embedded resources, and unknown fields per `options.unknownFields`.
 * At the root, apiVersion/kind/metadata are always known fields.
 */
export function referenceValidateAgainstSchema(
  obj: unknown,
  schema: SchemaNode | undefined,
  walker: SchemaWalker,
  options: SchemaValidationOptions = {},
): SchemaValidationResult {
  const validator = new SchemaValidator(walker, options.unknownFields ?? 'Ignore');
  const path = options.path ?? '';
  validator.validate(obj, schema, path, path === '');
  return { causes: validator.causes, warnings: validator.warnings };
}
