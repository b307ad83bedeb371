// GET /containerLogs/<namespace>/<pod>/<container>: the query of upstream's PodLogOptions (follow,
// previous, timestamps, tailLines, limitBytes, sinceSeconds, sinceTime; `tail` as the old alias),
// streamed as plain text and flushed per chunk. Errors are plain text with upstream's codes and
// messages (the API server passes them on as the Status message).
import type { ServerResponse } from 'node:http';
import { isStatusError } from '../../machinery/index.js';
import { podLogs } from '../pod-logs.js';
import { containerSpecOf, type LocalPods } from './local-pods.js';
import { sendText } from './responses.js';

export interface ContainerTarget {
  namespace: string;
  pod: string;
  container: string;
}

class QueryError extends Error {}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === '') return value === '';
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new QueryError(`${name}: expected true or false, got ${JSON.stringify(value)}`);
}

function integer(query: URLSearchParams, name: string, min: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new QueryError(`${name}: expected an integer >= ${min}, got ${JSON.stringify(text)}`);
  return value;
}

export interface ParsedLogQuery {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  sinceTime?: string;
}

/** The log options of a query; throws a message for a bad one. */
export function parseLogQuery(query: URLSearchParams): ParsedLogQuery {
  const tail = query.get('tail');
  const tailQuery = new URLSearchParams(query);
  if (tail !== null && tail !== '') {
    if (tail === 'all') tailQuery.delete('tailLines');
    else tailQuery.set('tailLines', tail);
  }
  const sinceTime = query.get('sinceTime') || undefined;
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) throw new QueryError(`sinceTime: expected an RFC 3339 time, got ${JSON.stringify(sinceTime)}`);
  const parsed: ParsedLogQuery = {
    follow: flag(query, 'follow'),
    previous: flag(query, 'previous'),
    timestamps: flag(query, 'timestamps'),
    tailLines: integer(tailQuery, 'tailLines', 0),
    limitBytes: integer(query, 'limitBytes', 1),
    sinceSeconds: integer(query, 'sinceSeconds', 1),
    sinceTime,
  };
  if (parsed.sinceSeconds !== undefined && sinceTime !== undefined) throw new QueryError('at most one of sinceTime or sinceSeconds may be specified');
  return parsed;
}

export async function serveContainerLogs(target: ContainerTarget, query: URLSearchParams, pods: LocalPods, res: ServerResponse): Promise<void> {
  let options: ParsedLogQuery;
  try {
    options = parseLogQuery(query);
  } catch (error) {
    if (error instanceof QueryError) return sendText(res, 400, error.message);
    throw error;
  }
  const found = pods.findPod(target.namespace, target.pod);
  if (!found) return sendText(res, 404, `pod "${target.pod}" does not exist`);
  if (!containerSpecOf(found.pod, target.container)) return sendText(res, 404, `container "${target.container}" not found in pod "${target.pod}"`);

  const abort = new AbortController();
  res.once('close', () => abort.abort());
  let lines: AsyncIterable<string>;
  try {
    lines = await podLogs(found.kubelet, {
      nodeName: found.kubelet.nodeName,
      namespace: target.namespace,
      pod: target.pod,
      podUid: found.pod.metadata?.uid ?? '',
      container: target.container,
      ...options,
      signal: abort.signal,
    });
  } catch (error) {
    if (isStatusError(error)) return sendText(res, error.code, error.message);
    throw error;
  }
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache, private' });
  res.flushHeaders();
  try {
    for await (const chunk of lines) {
      if (abort.signal.aborted) break;
      res.write(chunk);
    }
  } finally {
    if (!res.writableEnded) res.end();
  }
}
