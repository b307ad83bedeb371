// What a kubelet needs to serve pods/log: the query of upstream's PodLogOptions plus the pod's
// identity. Shared by the API server (which asks) and the kubelet (which answers), neither of which
// may import the other.
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
