// Discovery: what groups, versions and resources the server serves, read live from ctx.served so a
// CRD shows up as soon as it is added.
import type { ApiContext } from '../context.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { sendJson } from '../http/respond.js';
import { aggregatedContentType, discoveryFormat } from './accept.js';
import { aggregatedDiscovery } from './aggregated.js';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions } from './documents.js';
import { discoveryCacheFor, type SerializedDocument } from './document-cache.js';

export { aggregatedDiscovery } from './aggregated.js';
export { apiGroupList, apiResourceList, apiVersions, apiGroupDocument } from './documents.js';
export { compareVersionPriority, sortByVersionPriority } from './version-priority.js';

const notAcceptable = (res: ApiResponse) =>
  sendJson(res, 406, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'only the following media types are accepted: application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
    reason: 'NotAcceptable',
    code: 406,
  });

const notFound = (res: ApiResponse, path: string) =>
  sendJson(res, 404, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the server could not find the requested resource (get ${path})`,
    reason: 'NotFound',
    details: {},
    code: 404,
  });

function serverAddress(req: ApiRequest): string {
  const authority = req.headers[':authority'] ?? req.headers.host;
  return typeof authority === 'string' ? authority : 'localhost';
}

function sendDocument(req: ApiRequest, res: ApiResponse, document: SerializedDocument, contentType: string): void {
  const headers = { 'content-type': contentType, 'cache-control': 'no-cache, private', vary: 'Accept', etag: document.etag };
  if (req.headers['if-none-match'] === document.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(document.body)) });
  if (req.method === 'HEAD') res.end();
  else res.end(document.body);
}

/** Answers GET /api, /api/v1, /apis, /apis/G, /apis/G/V; returns false for any other path. */
export function handleDiscovery(ctx: ApiContext, req: ApiRequest, res: ApiResponse, path: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const segments = path.replace(/\/+$/, '').split('/').filter((s) => s !== '');
  const root = segments[0];
  if ((root !== 'api' && root !== 'apis') || segments.length > (root === 'api' ? 2 : 3)) return false;
  const format = discoveryFormat(req.headers.accept);
  if (format === undefined) {
    notAcceptable(res);
    return true;
  }
  const cache = discoveryCacheFor(ctx.served);
  if (segments.length === 1 && format.aggregated !== false) {
    const version = format.aggregated;
    const document = cache.get(`aggregated/${root}/${version}`, () => aggregatedDiscovery(ctx.served, root, version))!;
    sendDocument(req, res, document, aggregatedContentType(version));
    return true;
  }
  let document: SerializedDocument | undefined;
  if (root === 'api') {
    // APIVersions names the address the client used, so it is not cached.
    if (segments.length === 1) {
      sendJson(res, 200, apiVersions(ctx.served, serverAddress(req)), { vary: 'Accept' });
      return true;
    }
    document = cache.get(`/api/${segments[1]}`, () => apiResourceList(ctx.served, '', segments[1]));
  } else if (segments.length === 1) {
    document = cache.get('/apis', () => apiGroupList(ctx.served));
  } else if (segments.length === 2) {
    document = cache.get(`/apis/${segments[1]}`, () => apiGroupDocument(ctx.served, segments[1]));
  } else {
    document = cache.get(`/apis/${segments[1]}/${segments[2]}`, () => apiResourceList(ctx.served, segments[1], segments[2]));
  }
  if (document === undefined) notFound(res, path);
  else sendDocument(req, res, document, 'application/json');
  return true;
}
