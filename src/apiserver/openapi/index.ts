// OpenAPI documents: /openapi/v2 (Swagger 2.0, JSON) and /openapi/v3 (an index of
// group/version documents, each addressed with its hash so clients can cache it forever).
import type { ApiContext } from '../context.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { sendJson } from '../http/respond.js';
import type { ServedResources } from '../served-resources.js';
import { OpenApiDocumentCache, type CachedDocument } from './document-cache.js';

export { OpenApiDocumentCache } from './document-cache.js';
export { openApiV2Document, openApiV3Document } from './documents.js';
export { customDefinitionName } from './definition-names.js';

const caches = new WeakMap<ServedResources, OpenApiDocumentCache>();
function cacheFor(served: ServedResources): OpenApiDocumentCache {
  let cache = caches.get(served);
  if (cache === undefined) {
    cache = new OpenApiDocumentCache(served);
    caches.set(served, cache);
  }
  return cache;
}

function acceptsJson(req: ApiRequest): boolean {
  const accept = req.headers.accept;
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0].trim().toLowerCase();
    return type === 'application/json' || type === '*/*' || type === 'application/*';
  });
}

function status(res: ApiResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function sendDocument(req: ApiRequest, res: ApiResponse, document: CachedDocument, immutable: boolean): void {
  const etag = `"${document.hash}"`;
  const headers: Record<string, string> = { etag, vary: 'Accept' };
  if (immutable) {
    headers['cache-control'] = 'public, immutable';
    headers.expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(document.body)),
    ...(immutable ? {} : { 'cache-control': 'no-cache, private' }),
    ...headers,
  });
  if (req.method === 'HEAD') res.end();
  else res.end(document.body);
}

/** Answers GET /openapi/v2, /openapi/v3 and /openapi/v3/<group-version path>; false for other paths. */
export function handleOpenApi(ctx: ApiContext, req: ApiRequest, res: ApiResponse, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed !== '/openapi/v2' && trimmed !== '/openapi/v3' && !trimmed.startsWith('/openapi/v3/')) return false;
  if (!acceptsJson(req)) {
    status(res, 406, 'NotAcceptable', 'only application/json is served for OpenAPI documents');
    return true;
  }
  const cache = cacheFor(ctx.served);
  if (trimmed === '/openapi/v2') {
    sendDocument(req, res, cache.swagger(), false);
    return true;
  }
  if (trimmed === '/openapi/v3') {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [gvPath, hash] of cache.index()) paths[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${hash}` };
    sendJson(res, 200, { paths });
    return true;
  }
  const segments = trimmed.slice('/openapi/v3/'.length).split('/');
  const groupVersion =
    segments[0] === 'api' && segments.length === 2
      ? { group: '', version: segments[1] }
      : segments[0] === 'apis' && segments.length === 3
        ? { group: segments[1], version: segments[2] }
        : undefined;
  const document = groupVersion === undefined ? undefined : cache.groupVersion(groupVersion.group, groupVersion.version);
  if (document === undefined) {
    status(res, 404, 'NotFound', `the server could not find the requested resource (get ${trimmed})`);
    return true;
  }
  const url = new URL(req.url ?? trimmed, 'https://localhost');
  const hash = url.searchParams.get('hash');
  if (hash !== null && hash !== document.hash) {
    res.writeHead(301, { location: `${trimmed}?hash=${document.hash}`, 'cache-control': 'no-cache, private' });
    res.end();
    return true;
  }
  sendDocument(req, res, document, hash !== null);
  return true;
}
