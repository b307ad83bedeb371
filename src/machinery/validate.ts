// Validation of an object against a structural schema (built-in catalog definitions and CRD
// openAPIV3Schemas alike), phrased as upstream's apiextensions/kube-openapi validation:
// `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`.
// Each schema node is compiled once into a plan (which checks apply, children by name); messages and
// their order are those of a plain walk of the schema.
import { isDeepStrictEqual } from 'node:util';
import type { SchemaNode } from '../api/schema-types.js';
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
} from './field-errors.js';
import type { SchemaWalker } from './schema-walk.js';
import { objectMetaFields } from './object-meta-fields.js';
import { LazyPlan, planCache } from './plan-cache.js';

export type UnknownFieldPolicy = 'Strict' | 'Warn' | 'Ignore';

export interface SchemaValidationOptions {
  /** Unknown fields: Strict -> causes, Warn -> warnings, Ignore (default) -> nothing. */
  unknownFields?: UnknownFieldPolicy;
  /** Path of `obj` itself; '' for a whole object. */
  path?: string;
}

export interface SchemaValidationResult {
  causes: FieldError[];
  warnings: string[];
}

/** The message upstream uses for a field the schema does not declare. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

export function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A child schema's plan; null when the node does not resolve (nothing is checked then). */
type Child = LazyPlan<ValidationPlan>;

const dateFormats = new Set(['date-time', 'date', 'byte']);

interface ValidationPlan {
  schema: SchemaNode;
  /** null and undefined pass: nullable, or no type. */
  nullPasses: boolean;
  enumValues: unknown[] | undefined;
  numberChecks: boolean;
  stringChecks: boolean;
  arrayChecks: boolean;
  objectChecks: boolean;
  allOf: Child[] | undefined;
  /** Non-empty anyOf/oneOf only (empty ones constrain nothing). */
  anyOf: Child[] | undefined;
  oneOf: Child[] | undefined;
  not: Child | undefined;
  required: string[] | undefined;
  embedded: boolean;
  properties: Map<string, Child>;
  hasProperties: boolean;
  extra: Child | undefined;
  /** Fields without a schema are not reported here (additionalProperties true, preserve-unknown-fields). */
  unknownAllowed: boolean;
  items: Child | undefined;
  listMapKeys: string[] | undefined;
  listSet: boolean;
  /** Nothing but a JSON type (as oneOf branches of Quantity and IntOrString): checked without messages. */
  typeOnly: boolean;
}

const validationPlan = planCache<ValidationPlan>((schema, walker) => {
  const child = (node: SchemaNode): Child => new LazyPlan(() => validationPlan(walker, node) ?? null);
  const properties = new Map<string, Child>();
  for (const [key, node] of Object.entries(schema.properties ?? {})) properties.set(key, child(node));
  const extra = schema.additionalProperties;
  const listMap = schema.listType === 'map' && schema.listMapKeys !== undefined && schema.listMapKeys.length > 0;
  const plan: ValidationPlan = {
    schema,
    nullPasses: schema.nullable === true || schema.type === undefined,
    enumValues: schema.enum,
    numberChecks:
      schema.format === 'int32' || schema.format === 'int64' || schema.maximum !== undefined || schema.minimum !== undefined || (schema.multipleOf !== undefined && schema.multipleOf > 0),
    stringChecks: schema.maxLength !== undefined || schema.minLength !== undefined || schema.pattern !== undefined || (schema.format !== undefined && dateFormats.has(schema.format)),
    arrayChecks: schema.maxItems !== undefined || schema.minItems !== undefined,
    objectChecks: schema.maxProperties !== undefined || schema.minProperties !== undefined,
    allOf: schema.allOf?.map(child),
    anyOf: schema.anyOf !== undefined && schema.anyOf.length > 0 ? schema.anyOf.map(child) : undefined,
    oneOf: schema.oneOf !== undefined && schema.oneOf.length > 0 ? schema.oneOf.map(child) : undefined,
    not: schema.not !== undefined ? child(schema.not) : undefined,
    required: schema.required !== undefined && schema.required.length > 0 ? schema.required : undefined,
    embedded: schema.embeddedResource === true,
    properties,
    hasProperties: schema.properties !== undefined,
    extra: typeof extra === 'object' ? child(extra) : undefined,
    unknownAllowed: extra === true || schema.properties === undefined || schema.preserveUnknownFields === true,
    items: schema.items !== undefined ? child(schema.items) : undefined,
    listMapKeys: listMap ? schema.listMapKeys : undefined,
    listSet: !listMap && (schema.listType === 'set' || schema.uniqueItems === true),
    typeOnly: false,
  };
  plan.typeOnly =
    schema.intOrString !== true &&
    plan.enumValues === undefined &&
    !plan.numberChecks &&
    !plan.stringChecks &&
    !plan.arrayChecks &&
    !plan.objectChecks &&
    plan.allOf === undefined &&
    plan.anyOf === undefined &&
    plan.oneOf === undefined &&
    plan.not === undefined &&
    plan.required === undefined &&
    !plan.embedded &&
    !plan.hasProperties &&
    plan.extra === undefined &&
    plan.items === undefined &&
    plan.listMapKeys === undefined &&
    !plan.listSet;
  return plan;
});

/** Whether a non-null value has the JSON type `expected` (integers are numbers too). */
function hasType(value: unknown, expected: SchemaNode['type']): boolean {
  if (expected === undefined) return true;
  switch (typeof value) {
    case 'string':
      return expected === 'string';
    case 'boolean':
      return expected === 'boolean';
    case 'object':
      return expected === (Array.isArray(value) ? 'array' : 'object');
    case 'number':
      return expected === 'number' || (expected === 'integer' && Number.isInteger(value));
    default:
      return expected === typeof value;
  }
}

function body(path: string): string {
  return path === '' ? 'body' : path;
}

/** Enum membership by deep strict equality; primitives compare without the general algorithm. */
function inEnum(allowed: unknown[], value: unknown): boolean {
  if (typeof value === 'object' && value !== null) return allowed.some((candidate) => isDeepStrictEqual(candidate, value));
  for (const candidate of allowed) {
    if (candidate === value) {
      if (value !== 0 || Object.is(candidate, value)) return true;
    } else if (typeof candidate === 'object' && candidate !== null) {
      continue;
    } else if (Number.isNaN(candidate) && Number.isNaN(value)) {
      return true;
    }
  }
  return false;
}

const childStep = 0;
const indexStep = 1;
const keyStep = 2;

class SchemaValidator {
  readonly causes: FieldError[] = [];
  readonly warnings: string[] = [];

  /** The path being visited, as a stack of steps; made a string only for a cause or warning. */
  private readonly steps: number[] = [];
  private readonly names: (string | number)[] = [];

  constructor(
    private unknownFields: UnknownFieldPolicy,
    private readonly root: string,
  ) {}

  private path(): string {
    let path = this.root;
    for (let index = 0; index < this.steps.length; index++) {
      const name = this.names[index] as string | number;
      const step = this.steps[index];
      path = step === childStep ? childPath(path, name as string) : step === indexStep ? indexPath(path, name as number) : keyPath(path, name as string);
    }
    return path;
  }

  private visit(value: unknown, plan: ValidationPlan, step: number, name: string | number): void {
    this.steps.push(step);
    this.names.push(name);
    this.validate(value, plan, false);
    this.steps.pop();
    this.names.pop();
  }

  validate(value: unknown, plan: ValidationPlan, root: boolean): void {
    const schema = plan.schema;
    if (value === null || value === undefined) {
      if (plan.nullPasses) return;
      const path = this.path();
      this.causes.push(fieldTypeInvalid(path, 'null', `${body(path)} in body must be of type ${schema.type}: "null"`));
      return;
    }
    if (!this.checkType(value, schema)) return;
    if (plan.enumValues !== undefined && !inEnum(plan.enumValues, value)) this.causes.push(fieldNotSupported(this.path(), value, plan.enumValues));
    const array = Array.isArray(value);
    if (typeof value === 'number') {
      if (plan.numberChecks) this.checkNumber(value, schema);
    } else if (typeof value === 'string') {
      if (plan.stringChecks) this.checkString(value, schema, this.path());
    } else if (array) {
      if (plan.arrayChecks) this.checkItemCount(value as unknown[], schema, this.path());
    } else if (typeof value === 'object' && plan.objectChecks) {
      this.checkPropertyCount(value as Record<string, unknown>, schema, this.path());
    }
    if (plan.allOf !== undefined) {
      for (const branch of plan.allOf) {
        const branchPlan = branch.get();
        if (branchPlan !== null) this.validate(value, branchPlan, false);
      }
    }
    if (plan.anyOf !== undefined || plan.oneOf !== undefined || plan.not !== undefined) this.checkCombinators(value, plan);
    if (array) this.validateList(value as unknown[], plan);
    else if (typeof value === 'object') this.validateObject(value as Record<string, unknown>, plan, root);
  }

  /** Returns false (after recording a cause) when the value has the wrong JSON type. */
  private checkType(value: unknown, schema: SchemaNode): boolean {
    const expected = schema.type;
    if (schema.intOrString !== true) {
      if (expected === undefined) return true;
      // The common cases without naming the actual type.
      switch (typeof value) {
        case 'string':
          if (expected === 'string') return true;
          break;
        case 'boolean':
          if (expected === 'boolean') return true;
          break;
        case 'object':
          if (expected === (Array.isArray(value) ? 'array' : 'object')) return true;
          break;
        case 'number':
          if (expected === 'number' || (expected === 'integer' && Number.isInteger(value))) return true;
          break;
        default:
          break;
      }
    }
    const actual = jsonTypeName(value);
    if (schema.intOrString === true) {
      if (actual === 'integer' || actual === 'string') return true;
      const path = this.path();
      this.causes.push(fieldTypeInvalid(path, actual, `${body(path)} in body must be of type integer,string: "${actual}"`));
      return false;
    }
    const ok = expected === actual || (expected === 'number' && actual === 'integer');
    if (!ok) {
      const path = this.path();
      this.causes.push(fieldTypeInvalid(path, actual, `${body(path)} in body must be of type ${expected}: "${actual}"`));
    }
    return ok;
  }

  private checkItemCount(value: unknown[], schema: SchemaNode, path: string): void {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) this.causes.push(fieldTooMany(path, value.length, schema.maxItems));
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.causes.push(fieldInvalid(path, value.length, `${body(path)} in body should have at least ${schema.minItems} items`));
    }
  }

  private checkPropertyCount(value: Record<string, unknown>, schema: SchemaNode, path: string): void {
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) this.causes.push(fieldTooMany(path, count, schema.maxProperties));
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      this.causes.push(fieldInvalid(path, count, `${body(path)} in body should have at least ${schema.minProperties} properties`));
    }
  }

  private checkNumber(value: number, schema: SchemaNode): void {
    // Most numbers with checks are int32/int64 fields that pass: the path is built only otherwise.
    const int32Fails = schema.format === 'int32' && (value < int32Range[0] || value > int32Range[1]);
    const int64Fails = schema.format === 'int64' && !Number.isSafeInteger(value);
    if (!int32Fails && !int64Fails && schema.maximum === undefined && schema.minimum === undefined && !(schema.multipleOf !== undefined && schema.multipleOf > 0)) return;
    const path = this.path();
    const where = `${body(path)} in body`;
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

  private checkString(value: string, schema: SchemaNode, path: string): void {
    if (schema.maxLength !== undefined || schema.minLength !== undefined) {
      const length = codePoints(value);
      if (schema.maxLength !== undefined && length > schema.maxLength) this.causes.push(fieldTooLongMaxLength(path, schema.maxLength));
      if (schema.minLength !== undefined && length < schema.minLength) {
        this.causes.push(fieldInvalid(path, value, `${body(path)} in body should be at least ${schema.minLength} chars long`));
      }
    }
    if (schema.pattern !== undefined) {
      const pattern = compiledPattern(schema.pattern);
      if (pattern !== undefined && !pattern.test(value)) {
        this.causes.push(fieldInvalid(path, value, `${body(path)} in body should match '${schema.pattern}'`));
      }
    }
    const format = schema.format;
    const formatOk =
      format === 'date-time' ? isDateTime(value) :
      format === 'date' ? datePattern.test(value) :
      format === 'byte' ? base64Pattern.test(value) :
      true;
    if (!formatOk) this.causes.push(fieldInvalid(path, value, `${body(path)} in body must be of type ${format}: ${JSON.stringify(value)}`));
  }

  /** Whether `value` meets `branch` alone (unknown fields aside); leaves no causes behind. */
  private passes(value: unknown, branch: Child): boolean {
    const plan = branch.get();
    if (plan === null) return true;
    if (plan.typeOnly) return value === null || value === undefined ? plan.nullPasses : hasType(value, plan.schema.type);
    const mark = this.causes.length;
    const policy = this.unknownFields;
    this.unknownFields = 'Ignore';
    try {
      this.validate(value, plan, false);
    } finally {
      this.unknownFields = policy;
    }
    const passed = this.causes.length === mark;
    this.causes.length = mark;
    return passed;
  }

  private checkCombinators(value: unknown, plan: ValidationPlan): void {
    const { anyOf, oneOf, not } = plan;
    if (anyOf !== undefined && !anyOf.some((branch) => this.passes(value, branch))) {
      this.causes.push(fieldInvalid(this.path(), value, `${body(this.path())} in body must validate at least one schema (anyOf)`));
    }
    if (oneOf !== undefined && oneOf.filter((branch) => this.passes(value, branch)).length !== 1) {
      this.causes.push(fieldInvalid(this.path(), value, `${body(this.path())} in body must validate one and only one schema (oneOf)`));
    }
    if (not !== undefined && this.passes(value, not)) {
      this.causes.push(fieldInvalid(this.path(), value, `${body(this.path())} in body must not validate the schema (not)`));
    }
  }

  private validateObject(value: Record<string, unknown>, plan: ValidationPlan, root: boolean): void {
    if (plan.required !== undefined) {
      for (const name of plan.required) if (!(name in value)) this.causes.push(fieldRequired(childPath(this.path(), name)));
    }
    if (plan.embedded) this.checkEmbeddedResource(value, this.path());
    const properties = plan.properties;
    const extra = plan.extra;
    const resource = root || plan.embedded;
    for (const key of Object.keys(value)) {
      const property = properties.get(key);
      if (resource && key === 'metadata') {
        this.steps.push(childStep);
        this.names.push(key);
        this.validateObjectMeta(value[key], property);
        this.steps.pop();
        this.names.pop();
      } else if (property !== undefined) {
        const childPlan = property.get();
        if (childPlan !== null) this.visit(value[key], childPlan, childStep, key);
      } else if (extra !== undefined) {
        const childPlan = extra.get();
        if (childPlan !== null) this.visit(value[key], childPlan, keyStep, key);
      } else if (!plan.unknownAllowed && !(resource && rootKnownFields.has(key))) {
        this.reportUnknown(key);
      }
    }
  }

  /** Resource metadata: the schema's own constraints, and unknown fields judged against ObjectMeta's. */
  private validateObjectMeta(value: unknown, property: Child | undefined): void {
    if (property !== undefined) {
      const plan = property.get();
      if (plan !== null) {
        // Unknown fields inside metadata are judged below, against ObjectMeta, not by the schema.
        const policy = this.unknownFields;
        this.unknownFields = 'Ignore';
        try {
          this.validate(value, plan, false);
        } finally {
          this.unknownFields = policy;
        }
      }
    } else if (!isObject(value)) {
      const path = this.path();
      this.causes.push(fieldTypeInvalid(path, jsonTypeName(value), `${path} in body must be of type object: "${jsonTypeName(value)}"`));
    }
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) if (!objectMetaFields.has(key)) this.reportUnknown(key);
  }

  private checkEmbeddedResource(value: Record<string, unknown>, path: string): void {
    for (const key of ['apiVersion', 'kind']) {
      if (typeof value[key] !== 'string' || value[key] === '') this.causes.push(fieldRequired(childPath(path, key), 'must not be empty'));
    }
  }

  private reportUnknown(key: string): void {
    if (this.unknownFields === 'Ignore') return;
    const path = childPath(this.path(), key);
    const message = unknownFieldMessage(path);
    if (this.unknownFields === 'Warn') this.warnings.push(message);
    else this.causes.push({ type: 'FieldValueUnknown', field: path, message });
  }

  /** Duplicate list-map keys when every key value is a scalar; false (nothing recorded) otherwise. */
  private checkListMapKeys(value: unknown[], keys: string[]): boolean {
    const seen = new Set<string>();
    const duplicates: number[] = [];
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) continue;
      const item = value[index];
      if (!isObject(item)) continue;
      const identity = scalarIdentity(item, keys);
      if (identity === undefined) return false;
      if (seen.has(identity)) duplicates.push(index);
      else seen.add(identity);
    }
    for (const index of duplicates) this.causes.push(fieldDuplicate(indexPath(this.path(), index), listMapIdentity(value[index] as Record<string, unknown>, keys)));
    return true;
  }

  private validateList(value: unknown[], plan: ValidationPlan): void {
    const items = plan.items?.get() ?? null;
    if (items !== null) {
      for (let index = 0; index < value.length; index++) if (index in value) this.visit(value[index], items, indexStep, index);
    }
    if (plan.listMapKeys !== undefined) {
      const keys = plan.listMapKeys;
      if (!this.checkListMapKeys(value, keys)) {
        const seen: Record<string, unknown>[] = [];
        value.forEach((item, index) => {
          if (!isObject(item)) return;
          const identity = listMapIdentity(item, keys);
          if (seen.some((other) => isDeepStrictEqual(other, identity))) this.causes.push(fieldDuplicate(indexPath(this.path(), index), identity));
          else seen.push(identity);
        });
      }
    } else if (plan.listSet) {
      value.forEach((item, index) => {
        if (value.slice(0, index).some((earlier) => isDeepStrictEqual(earlier, item))) this.causes.push(fieldDuplicate(indexPath(this.path(), index), item));
      });
    }
  }
}

function listMapIdentity(item: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => item[key] !== undefined).map((key) => [key, item[key]]));
}

/**
 * The identity of a list-map item as a string when its key values are scalars (equal strings exactly
 * when the identities are deeply, strictly equal); undefined when one is an object or array.
 */
function scalarIdentity(item: Record<string, unknown>, keys: string[]): string | undefined {
  let identity = '';
  for (const key of keys) {
    const value = item[key];
    if (value === undefined) identity += 'u|';
    else if (value === null) identity += 'z|';
    else if (typeof value === 'string') identity += `s${value.length}:${value}|`;
    else if (typeof value === 'number') identity += Object.is(value, -0) ? 'n-0|' : `n${value}|`;
    else if (typeof value === 'boolean') identity += value ? 't|' : 'f|';
    else return undefined;
  }
  return identity;
}

// Timestamps repeat (managedFields, conditions written in the same second): valid ones are remembered.
const validDateTimes = new Set<string>();

function isDateTime(value: string): boolean {
  if (validDateTimes.has(value)) return true;
  const valid = dateTimePattern.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
  if (valid) {
    if (validDateTimes.size >= 4096) validDateTimes.clear();
    validDateTimes.add(value);
  }
  return valid;
}

/** Length in code points, as Go counts runes; only walks the string when it has surrogates. */
function codePoints(value: string): number {
  let length = value.length;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < value.length) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        index++;
      }
    }
  }
  return length;
}

/**
 * Checks `obj` against `schema` (refs resolved through `walker`): types, int32/int64 ranges,
 * int-or-string, formats, enums, required, patterns, bounds, lengths, list-map/set uniqueness,
 * nullable, embedded resources, and unknown fields per `options.unknownFields`.
 * At the root, apiVersion/kind/metadata are always known fields.
 */
export function validateAgainstSchema(
  obj: unknown,
  schema: SchemaNode | undefined,
  walker: SchemaWalker,
  options: SchemaValidationOptions = {},
): SchemaValidationResult {
  const path = options.path ?? '';
  const validator = new SchemaValidator(options.unknownFields ?? 'Ignore', path);
  const plan = validationPlan(walker, schema);
  if (plan !== undefined) validator.validate(obj, plan, path === '');
  return { causes: validator.causes, warnings: validator.warnings };
}
