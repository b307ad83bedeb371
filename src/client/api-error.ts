// Errors from the API surface as ApiError, carrying the metav1.Status the server sent (or one
// synthesised from the HTTP status when the body was not a Status).
import { StatusError, type Status } from '../machinery/index.js';

export class ApiError extends StatusError {
  constructor(status: Status) {
    super(status);
    this.name = 'ApiError';
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof StatusError && error.code === 404;
}

export function isConflict(error: unknown): boolean {
  return error instanceof StatusError && error.code === 409 && error.reason === 'Conflict';
}

export function isAlreadyExists(error: unknown): boolean {
  return error instanceof StatusError && error.code === 409 && error.reason === 'AlreadyExists';
}

export function isGone(error: unknown): boolean {
  return error instanceof StatusError && (error.code === 410 || error.reason === 'Expired' || error.reason === 'Gone');
}

const reasonsByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Builds the ApiError for a non-2xx response: the server's Status when it sent one. */
export function apiErrorFromResponse(code: number, body: string): ApiError {
  const parsed = parseJson(body);
  if (isStatusDocument(parsed)) return new ApiError({ ...parsed, code: parsed.code ?? code } as Status);
  const reason = reasonsByCode[code] ?? 'Unknown';
  const text = body.trim();
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code,
    reason,
    message: text === '' ? `the server responded with status ${code} (${reason})` : `the server responded with status ${code}: ${text.slice(0, 500)}`,
  });
}

export function isStatusDocument(value: unknown): value is Partial<Status> & { kind: 'Status' } {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
