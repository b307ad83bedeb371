// How the API server reaches nodes for what only a kubelet has (container logs, exec, attach,
// port-forward). The CLI wires an implementation: the HTTPS connector (kubelet-connector.ts) to
// each node's kubelet endpoint, or in tests anything with the same shape.
import type { Duplex } from 'node:stream';
import type { PodLogRequest } from '../api/pod-log-request.js';

export type { PodLogRequest };

export interface NodeConnector {
  /** The container's log as it is read; ends when done (when following: at abort). Throw a StatusError for 4xx. */
  podLogs(request: PodLogRequest): Promise<AsyncIterable<string | Uint8Array>>;
  /**
   * An open, authenticated connection to the node's kubelet endpoint, over which the API server
   * forwards an Upgrade request (pods/exec, attach, portforward). Absent: those requests get a 400.
   */
  connect?(nodeName: string): Promise<Duplex>;
}
