// etcd failures as typed store errors.
import { StoreError } from '../errors.js';

export function toStoreError(error: unknown, context: string): unknown {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('required revision has been compacted')) return new StoreError('Compacted', `${context}: ${message}`);
  if (message.includes('required revision is a future revision')) return new StoreError('Unavailable', `Too large resource version: ${context}: ${message}`);
  if (message.includes('request is too large') || message.includes('message larger than max')) return new StoreError('TooLarge', `${context}: ${message}`);
  return new StoreError('Unavailable', `etcd: ${context}: ${message}`);
}
