// How the API server reaches nodes for what only a kubelet has (container logs). The CLI wires an
// implementation: in-process kubelets directly, remote agents over their own endpoint.
export interface PodLogRequest {
  nodeName: string;
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  /** RFC 3339 */
  sinceTime?: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface NodeConnector {
  /** The container's log as it is read; ends when done (when following: at abort). Throw a StatusError for 4xx. */
  podLogs(request: PodLogRequest): Promise<AsyncIterable<string | Uint8Array>>;
}
