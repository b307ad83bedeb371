// The verbs on one resource, typed by the object kind T. Built by Client.resource().
import type { Status } from '../machinery/index.js';
import { apiErrorFromResponse, isStatusDocument } from './api-error.js';
import { collectionPath, objectPath } from './resource-path.js';
import { realClock, sleep, type Clock } from './clock.js';
import type { QueryValue, Transport, TransportRequest, TransportResponse } from './transport.js';
import type { KubeObject, ObjectList, ResourceDescriptor, WatchEvent } from './types.js';
import { decodeWatchEvents } from './watch-stream.js';

export interface ListOptions {
  /** Omit for all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
}

export interface WatchOptions extends Omit<ListOptions, 'limit' | 'continue' | 'resourceVersionMatch'> {
  allowWatchBookmarks?: boolean;
  signal?: AbortSignal;
}

export interface WriteOptions {
  namespace?: string;
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  type: PatchType;
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
  subresource?: string;
}

export interface DeleteOptions {
  namespace?: string;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** A running watch: iterate its events; `close()` ends it. */
export interface WatchStream<T> extends AsyncIterable<WatchEvent<T>> {
  close(): void;
}

const patchContentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    private readonly transport: Transport,
    readonly descriptor: ResourceDescriptor,
    private readonly defaults: { namespace: string; fieldManager?: string; retry?: RetryOptions },
  ) {}

  get apiVersion(): string {
    return this.descriptor.group === '' ? this.descriptor.version : `${this.descriptor.group}/${this.descriptor.version}`;
  }

  async get(name: string, options: { namespace?: string; subresource?: string } = {}): Promise<T> {
    return this.call({ method: 'GET', path: this.pathOf(name, options.namespace, options.subresource) });
  }

  async list(options: ListOptions = {}): Promise<ObjectList<T>> {
    const { namespace, ...query } = options;
    return this.call({ method: 'GET', path: collectionPath(this.descriptor, namespace), query: { ...query } });
  }

  /** Every page of a list, following `continue` tokens; `limit` sets the page size (default 500). */
  async *pages(options: ListOptions = {}): AsyncGenerator<ObjectList<T>> {
    let token = options.continue;
    do {
      const page = await this.list({ ...options, limit: options.limit ?? 500, continue: token });
      yield page;
      token = page.metadata?.continue || undefined;
    } while (token !== undefined);
  }

  /** All items across pages and the resourceVersion of the last page. */
  async listAll(options: ListOptions = {}): Promise<{ items: T[]; resourceVersion?: string }> {
    const items: T[] = [];
    let resourceVersion: string | undefined;
    for await (const page of this.pages(options)) {
      items.push(...page.items);
      resourceVersion = page.metadata?.resourceVersion;
    }
    return { items, resourceVersion };
  }

  async create(object: T, options: WriteOptions = {}): Promise<T> {
    const namespace = options.namespace ?? object.metadata?.namespace ?? this.defaults.namespace;
    return this.call({
      method: 'POST',
      path: collectionPath(this.descriptor, this.descriptor.namespaced ? namespace : undefined),
      query: this.writeQuery(options),
      body: JSON.stringify(this.withTypeMeta(object)),
    });
  }

  async update(object: T, options: WriteOptions = {}): Promise<T> {
    return this.replace(object, options, undefined);
  }

  async updateStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.replace(object, options, 'status');
  }

  /**
   * POST to a subresource: `pods/binding` (a Binding), `pods/eviction` (an Eviction),
   * `serviceaccounts/token` (a TokenRequest). Resolves with what the server returns.
   */
  async createSubresource<B extends object, R = unknown>(name: string, subresource: string, body: B, options: WriteOptions = {}): Promise<R> {
    return this.call({
      method: 'POST',
      path: this.pathOf(name, options.namespace, subresource),
      query: this.writeQuery(options),
      body: JSON.stringify(body),
    });
  }

  /** PUT to a subresource other than status, e.g. `deployments/scale` with a Scale. */
  async updateSubresource<B extends object, R = B>(name: string, subresource: string, body: B, options: WriteOptions = {}): Promise<R> {
    return this.call({
      method: 'PUT',
      path: this.pathOf(name, options.namespace, subresource),
      query: this.writeQuery(options),
      body: JSON.stringify(body),
    });
  }

  async patch(name: string, patch: unknown, options: PatchOptions): Promise<T> {
    const fieldManager = options.fieldManager ?? this.defaults.fieldManager;
    if (options.type === 'apply' && fieldManager === undefined) {
      throw new Error('server-side apply needs a fieldManager (pass it in the patch options or the client options)');
    }
    const query: Record<string, QueryValue> = this.writeQuery({ ...options, fieldManager });
    if (options.force !== undefined) query.force = options.force;
    return this.call({
      method: 'PATCH',
      path: this.pathOf(name, options.namespace, options.subresource),
      query,
      headers: { 'content-type': patchContentTypes[options.type] },
      body: typeof patch === 'string' ? patch : JSON.stringify(patch),
    });
  }

  /** Server-side apply of a whole object (its name and namespace come from its metadata). */
  async apply(object: T, options: Omit<PatchOptions, 'type'> = {}): Promise<T> {
    const name = object.metadata?.name ?? '';
    const namespace = options.namespace ?? object.metadata?.namespace;
    return this.patch(name, this.withTypeMeta(object), { ...options, namespace, type: 'apply' });
  }

  /** The deleted object while finalizers keep it, or the Status the server returns once gone. */
  async delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    const { namespace, ...body } = options;
    return this.call({
      method: 'DELETE',
      path: this.pathOf(name, namespace),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(deleteOptionsBody(body)),
    });
  }

  async deleteCollection(options: DeleteOptions & Omit<ListOptions, 'namespace'> = {}): Promise<ObjectList<T> | Status> {
    const { namespace, gracePeriodSeconds, propagationPolicy, preconditions, dryRun, ...query } = options;
    const scope = this.descriptor.namespaced ? (namespace ?? this.defaults.namespace) : undefined;
    return this.call({
      method: 'DELETE',
      path: collectionPath(this.descriptor, scope),
      query: { ...query },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(deleteOptionsBody({ gracePeriodSeconds, propagationPolicy, preconditions, dryRun })),
    });
  }

  async watch(options: WatchOptions = {}): Promise<WatchStream<T>> {
    const { namespace, signal, ...query } = options;
    const stream = await this.transport.stream({
      method: 'GET',
      path: collectionPath(this.descriptor, namespace),
      query: { ...query, watch: true },
      signal,
    });
    if (stream.status < 200 || stream.status > 299) {
      const chunks: string[] = [];
      const decoder = new TextDecoder();
      for await (const chunk of stream.body) chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      stream.close();
      throw apiErrorFromResponse(stream.status, chunks.join(''));
    }
    const events = decodeWatchEvents<T>(stream.body);
    return {
      [Symbol.asyncIterator]: () => events,
      close: () => {
        stream.close();
        void events.return(undefined);
      },
    };
  }

  private async replace(object: T, options: WriteOptions, subresource: string | undefined): Promise<T> {
    const name = object.metadata?.name ?? '';
    return this.call({
      method: 'PUT',
      path: this.pathOf(name, options.namespace ?? object.metadata?.namespace, subresource),
      query: this.writeQuery(options),
      body: JSON.stringify(this.withTypeMeta(object)),
    });
  }

  private pathOf(name: string, namespace: string | undefined, subresource?: string): string {
    const scope = this.descriptor.namespaced ? (namespace ?? this.defaults.namespace) : undefined;
    return objectPath(this.descriptor, scope, name, subresource);
  }

  private writeQuery(options: WriteOptions): Record<string, QueryValue> {
    return {
      dryRun: options.dryRun ? 'All' : undefined,
      fieldManager: options.fieldManager ?? this.defaults.fieldManager,
      fieldValidation: options.fieldValidation,
    };
  }

  private withTypeMeta(object: T): T {
    return { ...object, apiVersion: object.apiVersion ?? this.apiVersion, kind: object.kind ?? this.descriptor.kind };
  }

  private async requestWithRetryAfter(request: TransportRequest): Promise<TransportResponse> {
    const maxRetries = this.defaults.retry?.maxRetries ?? 10;
    const clock = this.defaults.retry?.clock ?? realClock;
    for (let attempt = 0; ; attempt++) {
      const response = await this.transport.request(request);
      const delay = retryAfterMs(response);
      if (delay === undefined || attempt >= maxRetries) return response;
      await sleep(clock, delay, request.signal);
    }
  }

  private async call<R>(request: TransportRequest): Promise<R> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await this.requestWithRetryAfter({ ...request, headers });
    if (response.status < 200 || response.status > 299) throw apiErrorFromResponse(response.status, response.body);
    let parsed: R;
    try {
      parsed = JSON.parse(response.body) as R;
    } catch {
      throw new Error(`${request.method} ${request.path}: the server answered ${response.status} with a body that is not JSON: ${response.body.slice(0, 200)}`);
    }
    if (isStatusDocument(parsed) && (parsed as { status?: string }).status === 'Failure') {
      throw apiErrorFromResponse(response.status, response.body);
    }
    return parsed;
  }
}

/**
 * As client-go (checkWait): a 429 or 5xx that carries Retry-After is tried again after the delay the
 * server asked for (at most `maxRetries` times, default 10); without the header, or past the retries,
 * the answer is returned as it is.
 */
export interface RetryOptions {
  maxRetries?: number;
  clock?: Clock;
}

function retryAfterMs(response: TransportResponse): number | undefined {
  if (response.status !== 429 && response.status < 500) return undefined;
  const header = response.headers['retry-after'];
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Math.min(Number(header), 60) * 1000;
}

function deleteOptionsBody(options: Omit<DeleteOptions, 'namespace'>): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.propagationPolicy !== undefined) body.propagationPolicy = options.propagationPolicy;
  if (options.preconditions !== undefined) body.preconditions = options.preconditions;
  if (options.dryRun) body.dryRun = ['All'];
  return body;
}
