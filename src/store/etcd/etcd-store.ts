// The Store over a real etcd v3 cluster: etcd's own revisions, transactions and watches.
import { readFileSync } from 'node:fs';
import { Etcd3, type IKeyValue, type IOptions, type IResponseOp } from 'etcd3';
import { StoreError } from '../errors.js';
import { checkExpectedRevision, checkKey, checkValue, compareKeys } from '../keys.js';
import { realTimers, type Timers } from '../timers.js';
import type { DeleteResult, GetResult, KeyValue, ListOptions, ListResult, ReadOptions, Store, Watch, WatchOptions } from '../types.js';
import { prefixRange, toKeyValue } from './convert.js';
import { toStoreError } from './etcd-errors.js';
import { EtcdWatch } from './etcd-watch.js';

export interface EtcdTlsFiles {
  /** CA bundle (PEM file path) that signed the etcd server certificates. */
  ca: string;
  /** Client certificate and key (PEM file paths), when etcd requires client authentication. */
  cert?: string;
  key?: string;
}

export interface EtcdStoreOptions {
  endpoints: string[];
  tls?: EtcdTlsFiles;
  /** Default interval of watch progress events (ms). */
  progressIntervalMs?: number;
  /**
   * Automatic compaction, as the Kubernetes API server does for etcd: every `intervalMs` (0: off),
   * compact to `retainRevisions` behind the current revision. Defaults: 60 s, 10,000.
   */
  compaction?: { intervalMs?: number; retainRevisions?: number };
  /** How long to wait for the cluster at start (ms). Default 10 s. */
  connectTimeoutMs?: number;
  timers?: Timers;
}

const Compare = { Equal: 0, Greater: 1, Less: 2, NotEqual: 3 } as const;
const Target = { Version: 0, Create: 1, Mod: 2 } as const;

export class EtcdStore implements Store {
  private readonly watches = new Set<EtcdWatch>();
  private readonly timers: Timers;
  private compactionTimer: unknown;
  private closed = false;

  private constructor(
    private readonly client: Etcd3,
    private readonly options: EtcdStoreOptions,
  ) {
    this.timers = options.timers ?? realTimers;
  }

  /** Connects and checks the cluster answers before resolving. */
  static async connect(options: EtcdStoreOptions): Promise<EtcdStore> {
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) {
      throw new TypeError('store.etcd.endpoints: give at least one etcd client URL, e.g. https://127.0.0.1:2379');
    }
    const clientOptions: IOptions = {
      hosts: options.endpoints,
      dialTimeout: options.connectTimeoutMs ?? 10_000,
      grpcOptions: { 'grpc.max_receive_message_length': 512 * 1024 * 1024, 'grpc.max_send_message_length': 8 * 1024 * 1024 },
    };
    if (options.tls) clientOptions.credentials = readTls(options.tls);
    const store = new EtcdStore(new Etcd3(clientOptions), options);
    try {
      await store.currentRevision();
    } catch (error) {
      store.client.close();
      throw new StoreError('Unavailable', `cannot reach etcd at ${options.endpoints.join(', ')}: ${(error as Error).message}`);
    }
    store.scheduleCompaction();
    return store;
  }

  async get(key: string, options: ReadOptions = {}): Promise<GetResult> {
    checkKey(key);
    const response = await this.call(`get ${key}`, () =>
      this.client.kv.range({ key: Buffer.from(key), ...(options.revision ? { revision: options.revision } : {}) }),
    );
    return { kv: response.kvs.length > 0 ? toKeyValue(response.kvs[0]) : null, revision: options.revision || Number(response.header.revision) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const range = prefixRange(prefix);
    if (options.startAfter !== undefined && compareKeys(options.startAfter + '\0', prefix) > 0) {
      range.key = Buffer.concat([Buffer.from(options.startAfter, 'utf8'), Buffer.from([0])]);
    }
    const response = await this.call(`list ${prefix}`, () =>
      this.client.kv.range({
        ...range,
        ...(options.revision ? { revision: options.revision } : {}),
        ...(options.limit && options.limit > 0 ? { limit: options.limit } : {}),
      }),
    );
    const kvs = response.kvs.map(toKeyValue);
    const remaining = Math.max(0, Number(response.count) - kvs.length);
    // etcd's header carries the newest revision; the read itself was served at the requested one.
    return { kvs, revision: options.revision || Number(response.header.revision), more: response.more, remaining };
  }

  async create(key: string, value: string): Promise<KeyValue> {
    checkKey(key);
    checkValue(key, value);
    const k = Buffer.from(key);
    const response = await this.call(`create ${key}`, () =>
      this.client.kv.txn({
        compare: [{ key: k, target: Target.Create, result: Compare.Equal, create_revision: 0 }],
        success: [{ request_put: { key: k, value: Buffer.from(value) } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!response.succeeded) {
      const existing = rangeKv(response.responses[0]);
      throw new StoreError('AlreadyExists', `key ${key} already exists`, existing ? Number(existing.mod_revision) : undefined);
    }
    const revision = Number(response.header.revision);
    return { key, value, createRevision: revision, modRevision: revision, version: 1 };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    checkKey(key);
    checkValue(key, value);
    checkExpectedRevision(key, expectedModRevision, true);
    const k = Buffer.from(key);
    const response = await this.call(`update ${key}`, () =>
      this.client.kv.txn({
        compare: [{ key: k, target: Target.Mod, result: Compare.Equal, mod_revision: expectedModRevision }],
        success: [{ request_put: { key: k, value: Buffer.from(value), prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!response.succeeded) throw guardFailure(key, expectedModRevision, rangeKv(response.responses[0]));
    const previous = response.responses[0].response_put.prev_kv;
    const revision = Number(response.header.revision);
    return { key, value, createRevision: Number(previous.create_revision), modRevision: revision, version: Number(previous.version) + 1 };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    checkKey(key);
    checkExpectedRevision(key, expectedModRevision, false);
    const k = Buffer.from(key);
    const compare =
      expectedModRevision === undefined
        ? [{ key: k, target: Target.Version, result: Compare.Greater, version: 0 }]
        : [{ key: k, target: Target.Mod, result: Compare.Equal, mod_revision: expectedModRevision }];
    const response = await this.call(`delete ${key}`, () =>
      this.client.kv.txn({
        compare,
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!response.succeeded) throw guardFailure(key, expectedModRevision, rangeKv(response.responses[0]));
    const previous = response.responses[0].response_delete_range.prev_kvs[0];
    return { prevKv: toKeyValue(previous), revision: Number(response.header.revision) };
  }

  watch(prefix: string, options: WatchOptions = {}): Watch {
    this.checkOpen();
    const watch = new EtcdWatch(
      {
        client: this.client,
        timers: this.timers,
        defaultProgressIntervalMs: this.options.progressIntervalMs ?? 5000,
        currentRevision: () => this.currentRevision(),
        onClose: (w) => this.watches.delete(w),
      },
      prefix,
      options,
    );
    this.watches.add(watch);
    return watch;
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.call(`compact ${revision}`, () => this.client.kv.compact({ revision, physical: true }));
    } catch (error) {
      // Compacting to an already compacted revision is done already.
      if (error instanceof StoreError && error.code === 'Compacted') return;
      throw error;
    }
  }

  async currentRevision(): Promise<number> {
    const response = await this.call('read the current revision', () => this.client.kv.range({ key: Buffer.from([0]), count_only: true }));
    return Number(response.header.revision);
  }

  /** etcd does not report its compacted revision directly: find the oldest readable one by bisection. */
  async compactedRevision(): Promise<number> {
    let low = 1;
    let high = await this.currentRevision();
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (await this.readableAt(middle)) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.clearTimeout(this.compactionTimer);
    for (const watch of [...this.watches]) watch.close();
    this.client.close();
  }

  private scheduleCompaction(): void {
    const intervalMs = this.options.compaction?.intervalMs ?? 60_000;
    const retain = this.options.compaction?.retainRevisions ?? 10_000;
    if (intervalMs <= 0 || this.closed) return;
    this.compactionTimer = this.timers.setTimeout(async () => {
      try {
        const target = (await this.currentRevision()) - retain;
        // Several servers may share the cluster: compacting an already compacted revision is a no-op.
        if (target > 1) await this.compact(target);
      } catch {
        // retried at the next interval; the store stays correct without it
      }
      this.scheduleCompaction();
    }, intervalMs);
  }

  private async readableAt(revision: number): Promise<boolean> {
    try {
      await this.call('probe', () => this.client.kv.range({ key: Buffer.from([0]), revision, count_only: true }));
      return true;
    } catch (error) {
      if (error instanceof StoreError && error.code === 'Compacted') return false;
      throw error;
    }
  }

  private async call<T>(context: string, run: () => Promise<T>): Promise<T> {
    this.checkOpen();
    try {
      return await run();
    } catch (error) {
      throw toStoreError(error, context);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('Unavailable', 'the store is closed');
  }
}

const rangeKv = (response: IResponseOp | undefined): IKeyValue | undefined => response?.response_range?.kvs[0];

function guardFailure(key: string, expected: number | undefined, current: IKeyValue | undefined): StoreError {
  if (!current) return new StoreError('NotFound', `key ${key} not found`);
  const modRevision = Number(current.mod_revision);
  return new StoreError('Conflict', `key ${key} was modified at revision ${modRevision}, not ${expected}`, modRevision);
}

function readTls(tls: EtcdTlsFiles): NonNullable<IOptions['credentials']> {
  const read = (field: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new TypeError(`store.etcd.tls.${field}: cannot read ${path}: ${(error as Error).message}`);
    }
  };
  if (Boolean(tls.cert) !== Boolean(tls.key)) throw new TypeError('store.etcd.tls: give both cert and key, or neither');
  return {
    rootCertificate: read('ca', tls.ca),
    ...(tls.cert ? { certChain: read('cert', tls.cert) } : {}),
    ...(tls.key ? { privateKey: read('key', tls.key) } : {}),
  };
}
