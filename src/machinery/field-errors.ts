// Field-level validation errors, phrased as upstream's k8s.io/apimachinery/pkg/util/validation/field.
// `message` is the error body ("Required value", `Invalid value: "x": detail`); `field` the path.

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound'
  /** A field the schema does not declare (strict field validation); message `unknown field "spec.foo"`. */
  | 'FieldValueUnknown'
  | 'InternalError';

export interface FieldError {
  type: FieldErrorType;
  /** Upstream path syntax: `spec.containers[0].image`, `metadata.labels[foo]`. */
  field: string;
  /** The body without the field: `Required value`, `Invalid value: "x": must be ...`. */
  message: string;
}

const typeTitles: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueForbidden: 'Forbidden',
  FieldValueNotFound: 'Not found',
  FieldValueUnknown: 'Unknown field',
  InternalError: 'Internal error',
};

/** Renders a bad value like upstream: strings quoted, numbers/booleans bare, null as null, others as JSON. */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function body(type: FieldErrorType, value: { bad: unknown } | undefined, detail: string | undefined): string {
  let text = typeTitles[type];
  if (value !== undefined) text += `: ${formatBadValue(value.bad)}`;
  if (detail !== undefined && detail !== '') text += `: ${detail}`;
  return text;
}

export function fieldRequired(field: string, detail?: string): FieldError {
  return { type: 'FieldValueRequired', field, message: body('FieldValueRequired', undefined, detail) };
}

export function fieldInvalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: body('FieldValueInvalid', { bad: value }, detail) };
}

export function fieldTypeInvalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field, message: body('FieldValueTypeInvalid', { bad: value }, detail) };
}

export function fieldNotSupported(field: string, value: unknown, supported: readonly unknown[]): FieldError {
  // Every supported value is quoted, non-strings as their JSON (upstream quotes json.Marshal output).
  const quoted = supported.map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v)));
  const detail = supported.length > 0 ? `supported values: ${quoted.join(', ')}` : undefined;
  return { type: 'FieldValueNotSupported', field, message: body('FieldValueNotSupported', { bad: value }, detail) };
}

export function fieldDuplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, message: body('FieldValueDuplicate', { bad: value }, undefined) };
}

export function fieldTooLong(field: string, maxLength: number): FieldError {
  const detail = `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}`;
  return { type: 'FieldValueTooLong', field, message: body('FieldValueTooLong', undefined, detail) };
}

/** Schema maxLength violations (upstream TooLongMaxLength): `Too long: may not be longer than 5`. */
export function fieldTooLongMaxLength(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, message: body('FieldValueTooLong', undefined, `may not be longer than ${maxLength}`) };
}

export function fieldTooMany(field: string, actual: number, max: number): FieldError {
  const detail = `must have at most ${max} ${max === 1 ? 'item' : 'items'}`;
  return { type: 'FieldValueTooMany', field, message: body('FieldValueTooMany', { bad: actual }, detail) };
}

export function fieldForbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: body('FieldValueForbidden', undefined, detail) };
}

export function fieldNotFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, message: body('FieldValueNotFound', { bad: value }, undefined) };
}

/** `field: body`, the form upstream prints inside an Invalid status message. */
export function fieldErrorText(error: FieldError): string {
  return error.field === '' ? error.message : `${error.field}: ${error.message}`;
}

/** Path helpers producing upstream's notation. */
export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}
