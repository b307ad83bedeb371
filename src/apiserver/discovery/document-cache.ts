// Serialized discovery documents, kept until the served resources change (kubectl fetches /api and
// /apis on every invocation), each with an ETag so caching clients can revalidate for free.
import { createHash } from 'node:crypto';
import type { ServedResources } from '../served-resources.js';

export interface SerializedDocument {
  body: string;
  etag: string;
}

export class DiscoveryDocumentCache {
  private readonly documents = new Map<string, SerializedDocument | undefined>();

  constructor(served: ServedResources) {
    served.on('change', () => this.documents.clear());
  }

  /** The document under `key`, built by `build` the first time (undefined: nothing served there). */
  get(key: string, build: () => unknown): SerializedDocument | undefined {
    if (this.documents.has(key)) return this.documents.get(key);
    const value = build();
    const document =
      value === undefined
        ? undefined
        : (() => {
            const body = JSON.stringify(value);
            return { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
          })();
    this.documents.set(key, document);
    return document;
  }
}

const caches = new WeakMap<ServedResources, DiscoveryDocumentCache>();

export function discoveryCacheFor(served: ServedResources): DiscoveryDocumentCache {
  let cache = caches.get(served);
  if (cache === undefined) {
    cache = new DiscoveryDocumentCache(served);
    caches.set(served, cache);
  }
  return cache;
}
