// Typed store failures. The API server maps them to Status codes (404, 409, 410, 413).

export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Compacted' | 'TooLarge' | 'Unavailable';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** For Conflict: the key's current modRevision; for Compacted: the compacted revision. */
    readonly revision?: number,
  ) {
    super(message);
    this.name = `StoreError(${code})`;
  }
}

export const isStoreError = (error: unknown, code?: StoreErrorCode): error is StoreError =>
  error instanceof StoreError && (code === undefined || error.code === code);

/** Largest value a store accepts: etcd's default request limit is 1.5 MiB. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;
