// GET pods/<name>/log: validates PodLogOptions as upstream, picks the container, and streams the log
// from the pod's node through the configured NodeConnector (plain text, flushed per chunk; with
// `engenho up` that is the kubelet's HTTPS endpoint, see kubelet-connector.ts).
import type { ServerResponse } from 'node:http';
import { badRequest, fieldInvalid, invalid, type FieldError } from '../../machinery/index.js';
import type { PodLogRequest } from '../node-connector.js';
import type { RequestScope } from './scope.js';

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === '' || value === 'true' || value === '1';
}

function positive(query: URLSearchParams, name: string, errors: FieldError[], allowZero: boolean): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    errors.push(fieldInvalid(name, text, allowZero ? 'must be greater than or equal to 0' : 'must be greater than 0'));
    return undefined;
  }
  return value;
}

export async function handlePodLog(scope: RequestScope): Promise<void> {
  const name = scope.name!;
  const query = scope.query;
  const errors: FieldError[] = [];
  const tailLines = positive(query, 'tailLines', errors, true);
  const limitBytes = positive(query, 'limitBytes', errors, false);
  const sinceSeconds = positive(query, 'sinceSeconds', errors, false);
  const sinceTime = query.get('sinceTime') ?? undefined;
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) errors.push(fieldInvalid('sinceTime', sinceTime, 'must be an RFC 3339 time'));
  if (sinceTime !== undefined && sinceSeconds !== undefined) errors.push(fieldInvalid('sinceSeconds', sinceSeconds, 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  if (errors.length > 0) throw invalid({ kind: 'PodLogOptions' }, '', errors);

  const { object: pod } = await scope.storage.get(scope.namespace, name);
  const spec = (pod.spec ?? {}) as { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] };
  const containers = (spec.containers ?? []).map((c) => c.name);
  const all = [...containers, ...(spec.initContainers ?? []).map((c) => c.name)];
  let container = query.get('container') ?? '';
  if (container === '') {
    if (containers.length !== 1) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
    container = containers[0];
  } else if (!all.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  if (spec.nodeName === undefined || spec.nodeName === '') throw badRequest(`pod ${name} does not have a host assigned`);
  const connector = scope.ctx.nodes;
  if (connector === undefined) throw badRequest(`logs of pod ${name} are not available: this server has no connection to node ${spec.nodeName}`);

  const abort = new AbortController();
  const res = scope.res as ServerResponse;
  res.once('close', () => abort.abort());
  const request: PodLogRequest = {
    nodeName: spec.nodeName,
    namespace: scope.namespace ?? '',
    pod: name,
    podUid: pod.metadata.uid ?? '',
    container,
    follow: flag(query, 'follow'),
    previous: flag(query, 'previous'),
    timestamps: flag(query, 'timestamps'),
    tailLines,
    limitBytes,
    sinceSeconds,
    sinceTime,
    signal: abort.signal,
  };
  let stream: AsyncIterable<string | Uint8Array>;
  try {
    stream = await connector.podLogs(request);
  } catch (error) {
    if (abort.signal.aborted) return; // the client left before the node answered
    throw error;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
  res.flushHeaders?.();
  try {
    for await (const chunk of stream) {
      if (abort.signal.aborted) break;
      res.write(chunk);
    }
  } catch (error) {
    // The client leaving aborts the node's stream: not a failure. A node that breaks off mid-log is
    // only logged, the status line having been sent already.
    if (!abort.signal.aborted) scope.ctx.logger.warn({ err: error, pod: name, node: spec.nodeName }, 'the log stream from the node broke off');
  } finally {
    if (!res.writableEnded) res.end();
  }
}
