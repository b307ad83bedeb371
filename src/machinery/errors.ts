// API errors as metav1.Status, phrased exactly as upstream's k8s.io/apimachinery/pkg/api/errors.
import { fieldErrorText, type FieldError } from './field-errors.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Timeout'
  | 'ServerTimeout'
  | 'ServiceUnavailable';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason | string;
  details?: StatusDetails;
  code: number;
}

/** An error carrying the metav1.Status the API server sends back. */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? status.reason ?? `status ${status.code}`);
    this.name = 'StatusError';
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

export function isStatusError(value: unknown): value is StatusError {
  return value instanceof StatusError;
}

/** A resource named with its group: `{ group: 'apps', resource: 'deployments' }` prints `deployments.apps`. */
export interface GroupResource {
  group?: string;
  resource: string;
}

/** A kind named with its group: `{ group: 'apps', kind: 'Deployment' }` prints `Deployment.apps`. */
export interface GroupKind {
  group?: string;
  kind: string;
}

function asGroupResource(resource: string | GroupResource): Required<GroupResource> {
  return typeof resource === 'string' ? { group: '', resource } : { group: resource.group ?? '', resource: resource.resource };
}

function asGroupKind(kind: string | GroupKind): Required<GroupKind> {
  return typeof kind === 'string' ? { group: '', kind } : { group: kind.group ?? '', kind: kind.kind };
}

export function groupResourceString(resource: string | GroupResource): string {
  const gr = asGroupResource(resource);
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

function groupKindString(kind: string | GroupKind): string {
  const gk = asGroupKind(kind);
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

/** Any Failure status; prefer the named builders. */
export function failureStatus(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusError {
  return failure(code, reason, message, details);
}

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details !== undefined) status.details = details;
  return new StatusError(status);
}

function resourceDetails(resource: string | GroupResource, name: string | undefined): StatusDetails {
  const gr = asGroupResource(resource);
  const details: StatusDetails = {};
  if (name !== undefined && name !== '') details.name = name;
  if (gr.group !== '') details.group = gr.group;
  details.kind = gr.resource;
  return details;
}

export function badRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return failure(401, 'Unauthorized', message);
}

/** `pods "x" is forbidden: <reason>`; without a name `pods is forbidden: <reason>`. */
export function forbidden(resource: string | GroupResource, name: string | undefined, reason: string): StatusError {
  const subject = name === undefined || name === '' ? groupResourceString(resource) : `${groupResourceString(resource)} ${JSON.stringify(name)}`;
  return failure(403, 'Forbidden', `${subject} is forbidden: ${reason}`, resourceDetails(resource, name));
}

export function notFound(resource: string | GroupResource, name: string): StatusError {
  return failure(404, 'NotFound', `${groupResourceString(resource)} ${JSON.stringify(name)} not found`, resourceDetails(resource, name));
}

export function alreadyExists(resource: string | GroupResource, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${groupResourceString(resource)} ${JSON.stringify(name)} already exists`, resourceDetails(resource, name));
}

export const optimisticLockMessage = 'the object has been modified; please apply your changes to the latest version and try again';

/** `Operation cannot be fulfilled on pods "x": <reason>`; the default reason is the optimistic-lock one. */
export function conflict(resource: string | GroupResource, name: string, reason: string = optimisticLockMessage): StatusError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${groupResourceString(resource)} ${JSON.stringify(name)}: ${reason}`, resourceDetails(resource, name));
}

/** 410. Reason `Expired` (watch/list "too old resource version") unless `Gone` is asked for. */
export function gone(message: string, reason: 'Expired' | 'Gone' = 'Expired'): StatusError {
  return failure(410, reason, message);
}

/** `Pod "x" is invalid: spec.containers[0].image: Required value` (several errors: `[a, b]`). */
export function invalid(kind: string | GroupKind, name: string, errors: readonly FieldError[]): StatusError {
  const gk = asGroupKind(kind);
  const texts: string[] = [];
  for (const error of errors) {
    const text = fieldErrorText(error);
    if (!texts.includes(text)) texts.push(text);
  }
  const aggregate = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const details: StatusDetails = {};
  if (name !== '') details.name = name;
  if (gk.group !== '') details.group = gk.group;
  details.kind = gk.kind;
  details.causes = errors.map((error) => ({ reason: error.type, message: error.message, field: error.field }));
  return failure(422, 'Invalid', `${groupKindString(kind)} ${JSON.stringify(name)} is invalid: ${aggregate}`, details);
}

/** 422 without a kind/name (e.g. a patch that cannot be applied): reason Invalid, the message as given. */
export function unprocessableEntity(message: string, causes?: StatusCause[]): StatusError {
  return failure(422, 'Invalid', message, causes === undefined ? undefined : { causes });
}

/** 405: `<action> is not supported on resources of kind "<resource>"`. */
export function methodNotAllowed(resource: string | GroupResource, action: string): StatusError {
  const gr = asGroupResource(resource);
  const details: StatusDetails = {};
  if (gr.group !== '') details.group = gr.group;
  details.kind = gr.resource;
  return failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind ${JSON.stringify(groupResourceString(resource))}`, details);
}

export function notAcceptable(acceptedMediaTypes: readonly string[]): StatusError {
  return failure(406, 'NotAcceptable', `only the following media types are accepted: ${acceptedMediaTypes.join(', ')}`);
}

export function requestEntityTooLarge(limitBytes: number): StatusError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limitBytes}`);
}

export function unsupportedMediaType(supported: readonly string[]): StatusError {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`);
}

export function tooManyRequests(message = 'the server has received too many requests and has asked us to try again later', retryAfterSeconds?: number): StatusError {
  return failure(429, 'TooManyRequests', message, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds });
}

export function internalError(cause: unknown): StatusError {
  const text = cause instanceof Error ? cause.message : String(cause);
  return failure(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] });
}

/** 504, as upstream's NewTimeoutError (used when a request's wait times out). */
export function timeout(message: string, retryAfterSeconds = 0): StatusError {
  return failure(504, 'Timeout', `Timeout: ${message}`, { retryAfterSeconds });
}

/** Any thrown value as a Status: a StatusError's own, anything else a 500 that names the error. */
export function toStatus(error: unknown): Status {
  if (error instanceof StatusError) return error.status;
  if (isStatusLike(error)) return error;
  return internalError(error).status;
}

function isStatusLike(value: unknown): value is Status {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Status>;
  return candidate.kind === 'Status' && typeof candidate.code === 'number' && (candidate.status === 'Failure' || candidate.status === 'Success');
}
