// The typed client: one Transport underneath, one ResourceClient per resource on top.
import { apiErrorFromResponse } from './api-error.js';
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

  /**
   * A resource the catalog does not know (a CRD's, an aggregated API's), described by the server's
   * discovery document of its group version.
   */
  async discover<T extends KubeObject = KubeObject>(apiVersion: string, pluralOrKind: string): Promise<ResourceClient<T>> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const response = await this.transport.request({ method: 'GET', path });
    if (response.status < 200 || response.status > 299) throw apiErrorFromResponse(response.status, response.body);
    const list = JSON.parse(response.body) as { resources?: { name: string; kind: string; namespaced: boolean; singularName?: string }[] };
    const resources = (list.resources ?? []).filter((candidate) => !candidate.name.includes('/'));
    const found =
      resources.find((candidate) => candidate.name === pluralOrKind) ??
      resources.find((candidate) => candidate.kind === pluralOrKind) ??
      resources.find((candidate) => candidate.singularName === pluralOrKind);
    if (found === undefined) {
      throw new Error(`the server serves no resource "${pluralOrKind}" in ${apiVersion} (it serves: ${resources.map((candidate) => candidate.name).join(', ') || 'none'})`);
    }
    const slash = apiVersion.indexOf('/');
    return this.resource<T>({
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
      plural: found.name,
      kind: found.kind,
      namespaced: found.namespaced,
    });
  }

  close(): void {
    this.transport.close?.();
  }
}
