// How the API server reaches nodes for what only a kubelet has (container logs). The CLI wires an
// implementation: in-process kubelets directly, remote agents over their own endpoint.
import type { PodLogRequest } from '../api/pod-log-request.js';

export type { PodLogRequest };

export interface NodeConnector {
  /** The container's log as it is read; ends when done (when following: at abort). Throw a StatusError for 4xx. */
  podLogs(request: PodLogRequest): Promise<AsyncIterable<string | Uint8Array>>;
}
