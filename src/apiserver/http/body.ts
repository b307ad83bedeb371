// Reading request bodies: stop at the size limit (413 without buffering the rest), then decode JSON
// or YAML with the parser's own message and position on failure (400).
import { parseDocument } from 'yaml';
import { badRequest, requestEntityTooLarge } from '../../machinery/index.js';
import { jsonErrorOffset } from './json-error-offset.js';
import type { ServerResponse } from 'node:http';
import type { ApiRequest, ApiResponse } from './types.js';

/**
 * Stops reading an oversized body: once the 413 is written the HTTP/2 stream or HTTP/1.1 connection
 * is closed, so the rest of the upload is never read.
 */
function abandon(req: ApiRequest, res: ApiResponse | undefined): void {
  req.pause();
  const stream = (req as { stream?: { close?: (code?: number) => void } }).stream;
  const close = () => {
    if (stream?.close !== undefined) stream.close();
    else req.socket?.destroy();
  };
  if (res !== undefined) (res as ServerResponse).once('finish', close);
  else setTimeout(close, 1000).unref();
}

/** A request whose whole body is already in memory (the in-process transport) carries it here. */
export const PREREAD_BODY = Symbol('engenho.prereadBody');

export async function readBody(req: ApiRequest, limitBytes: number, res?: ApiResponse): Promise<Buffer> {
  const preread = (req as { [PREREAD_BODY]?: Buffer })[PREREAD_BODY];
  if (preread !== undefined) {
    if (preread.length > limitBytes) {
      abandon(req, res);
      throw requestEntityTooLarge(limitBytes);
    }
    return preread;
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    abandon(req, res);
    throw requestEntityTooLarge(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limitBytes) {
      abandon(req, res);
      throw requestEntityTooLarge(limitBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else column++;
  }
  return `line ${line}, column ${column}`;
}

/** Node's JSON errors do not always say where: find it ourselves. */
function locate(text: string): string {
  const offset = jsonErrorOffset(text);
  return offset === undefined ? '' : ` at ${position(text, offset)}`;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const where = at !== null ? ` at ${position(text, Number(at[1]))}` : locate(text);
    throw badRequest(`error decoding request body as JSON${where}: ${message}`);
  }
}

export function parseYaml(text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  const problem = document.errors[0];
  if (problem !== undefined) {
    throw badRequest(`error decoding request body as YAML: ${problem.message.split('\n')[0]}`);
  }
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw badRequest(`error decoding request body as YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parses a JSON or YAML body (YAML also for apply-patch+yaml); empty bodies are an error. */
export function decodeDocument(body: Buffer, mediaType: string): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty; send a JSON or YAML object');
  return mediaType.includes('yaml') ? parseYaml(text) : parseJson(text);
}

export function requireObject(value: unknown, what = 'request body'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`the ${what} must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
