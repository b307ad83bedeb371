// GET /metrics: Prometheus text (format 0.0.4) with the API server's own request and flow-control
// metrics, followed by whatever in-process components registered (the controller manager's
// workqueue and reconcile metrics), as `kubectl get --raw /metrics` shows upstream.
import { methodNotAllowed } from '../machinery/index.js';
import type { ApiContext } from './context.js';
import { PRIORITY_LEVELS, type FlowControl } from './flow-control.js';
import type { ApiRequest, ApiResponse } from './http/types.js';

interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
  code: string;
}

const LABEL_ORDER: (keyof RequestLabels)[] = ['code', 'group', 'resource', 'scope', 'subresource', 'verb', 'version'];

/** apiserver_request_total by verb, group, version, resource, subresource, scope and code; plus registered sources. */
export class ApiServerMetrics {
  private readonly requests = new Map<string, { labels: RequestLabels; count: number }>();
  private readonly sources = new Set<() => string>();

  /** Adds a component's metrics (Prometheus text, whole families) to /metrics; returns its removal. */
  register(render: () => string): () => void {
    this.sources.add(render);
    return () => this.sources.delete(render);
  }

  countRequest(method: string, path: string, query: URLSearchParams | undefined, code: number): void {
    const labels = requestLabels(method, path, query, code);
    const key = `${labels.verb} ${labels.group} ${labels.version} ${labels.resource} ${labels.subresource} ${labels.scope} ${labels.code}`;
    const entry = this.requests.get(key);
    if (entry === undefined) this.requests.set(key, { labels, count: 1 });
    else entry.count++;
  }

  render(flowControl: FlowControl): string {
    const lines: string[] = [];
    family(lines, 'apiserver_flowcontrol_current_executing_requests', 'gauge', 'Number of requests executing, by priority level');
    const levels = flowControl.snapshot();
    for (const level of PRIORITY_LEVELS) lines.push(`apiserver_flowcontrol_current_executing_requests{priority_level="${level}"} ${levels[level].executing}`);
    family(lines, 'apiserver_flowcontrol_current_inqueue_requests', 'gauge', 'Number of requests waiting in a queue, by priority level');
    for (const level of PRIORITY_LEVELS) lines.push(`apiserver_flowcontrol_current_inqueue_requests{priority_level="${level}"} ${levels[level].waiting}`);
    family(lines, 'apiserver_flowcontrol_rejected_requests_total', 'counter', 'Number of requests rejected by flow control, by priority level and reason');
    lines.push(`apiserver_flowcontrol_rejected_requests_total{priority_level="global-default",reason="concurrency-limit"} ${levels['global-default'].rejected}`);
    lines.push(`apiserver_flowcontrol_rejected_requests_total{priority_level="system",reason="queue-full"} ${levels.system.rejected}`);
    family(lines, 'apiserver_request_total', 'counter', 'Counter of apiserver requests broken out for each verb, group, version, resource, scope, subresource and HTTP response code');
    const entries = [...this.requests.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, { labels, count }] of entries) {
      lines.push(`apiserver_request_total{${LABEL_ORDER.map((name) => `${name}="${escapeLabel(labels[name])}"`).join(',')}} ${count}`);
    }
    const own = `${lines.join('\n')}\n`;
    return own + [...this.sources].map((render) => render()).join('');
  }
}

export function handleMetrics(ctx: ApiContext, req: ApiRequest, res: ApiResponse): void {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('metrics', method);
  const body = ctx.metrics.render(ctx.flowControl);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  if (method === 'HEAD') res.end();
  else res.end(body);
}

function family(lines: string[], name: string, type: string, help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

const WATCH_VALUES = new Set(['1', 'true', 'True']);

/** Upstream's RequestInfo, reduced to what the metric labels need. */
export function requestLabels(method: string, path: string, query: URLSearchParams | undefined, code: number): RequestLabels {
  const labels: RequestLabels = { verb: method, group: '', version: '', resource: '', subresource: '', scope: '', code: String(code) };
  const parts = path.split('/').filter((part) => part !== '');
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    labels.version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    labels.group = parts[1];
    labels.version = parts[2];
    rest = parts.slice(3);
  } else return labels;
  if (rest.length === 0) return labels;
  let watch = WATCH_VALUES.has(query?.get('watch') ?? '');
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  // namespaces/{name}/status and /finalize are subresources of a namespace, not a namespaced list.
  const namespaced = rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'));
  const [resource, name, subresource] = namespaced ? rest.slice(2) : rest;
  labels.resource = resource ?? '';
  labels.subresource = subresource ?? '';
  labels.scope = name !== undefined ? 'resource' : namespaced ? 'namespace' : 'cluster';
  if (watch) labels.verb = 'WATCH';
  else if (method === 'GET' && name === undefined) labels.verb = 'LIST';
  else if (method === 'DELETE' && name === undefined) labels.verb = 'DELETECOLLECTION';
  return labels;
}
