// The typed client: one Transport underneath, one ResourceClient per resource on top.
import { describeResource } from './resource-path.js';
import { Http2Transport } from './http2-transport.js';
import { HttpsTransport, type HttpsTransportOptions } from './https-transport.js';
import { loadKubeconfig, type ConnectionConfig } from './kubeconfig.js';
import { ResourceClient, type RetryOptions } from './resource-client.js';
import type { Transport } from './transport.js';
import type { KubeObject, ResourceDescriptor } from './types.js';

export interface ClientOptions {
  /** Namespace for namespaced calls that name none (default "default"). */
  namespace?: string;
  /** fieldManager sent with every write unless a call names its own. */
  fieldManager?: string;
  /** Retries of 429 / 5xx-with-Retry-After answers (default 10, on the real clock). */
  retry?: RetryOptions;
}

export class Client {
  readonly namespace: string;

  constructor(
    readonly transport: Transport,
    private readonly options: ClientOptions = {},
  ) {
    this.namespace = options.namespace ?? 'default';
  }

  /** A client from a kubeconfig file ($KUBECONFIG or ~/.kube/config unless `path` is given). */
  static fromKubeconfig(options: { path?: string; context?: string; http2?: boolean } & ClientOptions & HttpsTransportOptions = {}): Client {
    return Client.fromConnection(loadKubeconfig(options), options);
  }

  /** `http2: true` multiplexes every call and watch over one HTTP/2 session (https:// servers only). */
  static fromConnection(config: ConnectionConfig, options: ClientOptions & HttpsTransportOptions & { http2?: boolean } = {}): Client {
    const transport = options.http2 ? new Http2Transport(config, options) : new HttpsTransport(config, options);
    return new Client(transport, { namespace: options.namespace ?? config.namespace, fieldManager: options.fieldManager, retry: options.retry });
  }

  /**
   * Verbs on one resource. Built-ins are looked up in the generated catalog:
   * `client.resource<Pod>('v1', 'pods')`, `client.resource<Deployment>('apps/v1', 'Deployment')`;
   * custom resources pass a descriptor.
   */
  resource<T extends KubeObject = KubeObject>(apiVersion: string, pluralOrKind: string): ResourceClient<T>;
  resource<T extends KubeObject = KubeObject>(descriptor: ResourceDescriptor): ResourceClient<T>;
  resource<T extends KubeObject = KubeObject>(apiVersionOrDescriptor: string | ResourceDescriptor, pluralOrKind?: string): ResourceClient<T> {
    const descriptor =
      typeof apiVersionOrDescriptor === 'string' ? describeResource(apiVersionOrDescriptor, pluralOrKind ?? '') : apiVersionOrDescriptor;
    return new ResourceClient<T>(this.transport, descriptor, { namespace: this.namespace, fieldManager: this.options.fieldManager, retry: this.options.retry });
  }

  close(): void {
    this.transport.close?.();
  }
}
