// What every resource handler works with, and how it writes objects back in the negotiated format
// (JSON, YAML, Table, PartialObjectMetadata).
import { stringify } from 'yaml';
import { badRequest } from '../../machinery/index.js';
import type { ApiContext, UserInfo } from '../context.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import type { ResponseFormat } from '../http/negotiate.js';
import type { ServedResource } from '../served-resources.js';
import { ResourceStorage, servedJsonOf, type KubeObject } from '../storage/resource-storage.js';
import type { KeyValue } from '../../store/types.js';
import { toTable } from '../table/index.js';

export interface RequestScope {
  ctx: ApiContext;
  req: ApiRequest;
  res: ApiResponse;
  user: UserInfo;
  query: URLSearchParams;
  resource: ServedResource;
  storage: ResourceStorage;
  /** Namespace from the path (undefined for cluster-scoped resources and all-namespace requests). */
  namespace?: string;
  name?: string;
  subresource?: string;
  format: ResponseFormat;
  /** Warning headers to send (`299 - "text"`). */
  warnings: string[];
  /** Paths of keys repeated in the JSON body (fieldValidation reports them with unknown fields). */
  duplicateFields?: string[];
}

type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject') ?? 'Metadata';
  if (value !== 'None' && value !== 'Metadata' && value !== 'Object') {
    throw badRequest(`includeObject: Unsupported value: "${value}": supported values: "None", "Metadata", "Object"`);
  }
  return value;
}

function headersOf(scope: RequestScope): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': scope.format.encoding === 'yaml' ? 'application/yaml' : 'application/json',
    'cache-control': 'no-cache, private',
  };
  if (scope.warnings.length > 0) headers.warning = scope.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ');
  return headers;
}

export function encodeFor(scope: RequestScope, body: unknown): string {
  return scope.format.encoding === 'yaml' ? stringify(body) : JSON.stringify(body);
}

export function send(scope: RequestScope, code: number, body: unknown): void {
  const text = encodeFor(scope, body);
  scope.res.writeHead(code, { ...headersOf(scope), 'content-length': String(Buffer.byteLength(text)) });
  scope.res.end(text);
}

/** Converts one object into the requested view. */
export function viewOfObject(scope: RequestScope, object: KubeObject): unknown {
  switch (scope.format.view) {
    case 'Table':
      return toTable(scope.resource, [object], { includeObject: includeObjectOf(scope.query), now: scope.ctx.clock() });
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
    default:
      return object;
  }
}

export function sendObject(scope: RequestScope, code: number, object: KubeObject): void {
  send(scope, code, viewOfObject(scope, object));
}

/** Sends a stored object; plain JSON is the stored text with its resourceVersion, never decoded. */
export function sendStored(scope: RequestScope, code: number, stored: { object: KubeObject; kv?: KeyValue }): void {
  const text = stored.kv !== undefined && scope.format.encoding === 'json' && scope.format.view === 'Object' ? servedJsonOf(scope.resource, stored.kv) : undefined;
  if (text === undefined) return sendObject(scope, code, stored.object);
  scope.res.writeHead(code, { ...headersOf(scope), 'content-length': String(Buffer.byteLength(text)) });
  scope.res.end(text);
}

export function sendList(scope: RequestScope, items: KubeObject[], listMeta: Record<string, unknown>): void {
  const { info } = scope.resource;
  switch (scope.format.view) {
    case 'Table':
      return send(scope, 200, toTable(scope.resource, items, { includeObject: includeObjectOf(scope.query), now: scope.ctx.clock(), listMeta }));
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return send(scope, 200, {
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: listMeta,
        items: items.map((item) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: item.metadata })),
      });
    default:
      return send(scope, 200, {
        kind: info.listKind,
        apiVersion: info.group === '' ? info.version : `${info.group}/${info.version}`,
        metadata: listMeta,
        items,
      });
  }
}

/** A plain JSON list whose items are already encoded (the list fast path). */
export function sendJsonList(scope: RequestScope, jsonItems: string[], listMeta: Record<string, unknown>): void {
  const { info } = scope.resource;
  const apiVersion = info.group === '' ? info.version : `${info.group}/${info.version}`;
  const text = `{"kind":${JSON.stringify(info.listKind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(listMeta)},"items":[${jsonItems.join(',')}]}`;
  scope.res.writeHead(200, { ...headersOf(scope), 'content-length': String(Buffer.byteLength(text)) });
  scope.res.end(text);
}

/** A Status Success, as upstream answers immediate deletes and deletecollection of nothing. */
export function successStatus(scope: RequestScope, name: string, uid?: string): Record<string, unknown> {
  const details: Record<string, unknown> = { name, kind: scope.resource.info.plural };
  if (scope.resource.info.group !== '') details.group = scope.resource.info.group;
  if (uid !== undefined) details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
