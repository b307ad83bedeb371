// Writing responses: JSON bodies and metav1.Status errors. Every failure a client can cause ends
// here as a Status with the right code; anything else is logged and answered 500.
import type { Logger } from 'pino';
import { StatusError, toStatus } from '../../machinery/index.js';
import type { ApiResponse } from './types.js';

export function sendJson(res: ApiResponse, code: number, body: unknown, headers?: Record<string, string>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendStatus(res: ApiResponse, error: unknown, logger?: Logger): void {
  if (!(error instanceof StatusError)) logger?.error({ err: error }, 'internal error while serving a request');
  const status = toStatus(error);
  const retryAfter = status.details?.retryAfterSeconds;
  sendJson(res, typeof status.code === 'number' ? status.code : 500, status, retryAfter ? { 'retry-after': String(retryAfter) } : undefined);
}
