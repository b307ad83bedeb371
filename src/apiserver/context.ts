// Everything a request handler needs, passed explicitly (no module-level state), so several
// servers can run in one process and tests can inject their own store and clock.
import type { Logger } from 'pino';
import type { Store } from '../store/types.js';
import type { FlowControl } from './flow-control.js';
import type { ApiServerMetrics } from './metrics.js';
import type { NodeConnector } from './node-connector.js';
import type { ServedResources } from './served-resources.js';
import type { ServiceIpRange } from './service-ip-range.js';

/** The authenticated caller (from the client certificate: CN = name, O = groups). */
export interface UserInfo {
  name: string;
  groups: string[];
}

export interface ApiContext {
  store: Store;
  served: ServedResources;
  logger: Logger;
  clock: () => Date;
  /** Largest request body accepted (bytes); larger bodies get 413. */
  maxBodyBytes: number;
  /** Default watch timeout in seconds when the client gives none (upstream: random 30-60 min). */
  watchTimeoutSeconds: () => number;
  /** How often a quiet watch asks the store for progress (bookmarks), in ms. */
  watchProgressIntervalMs: number;
  /** Seats per priority level for requests other than watches (flow-control.ts). */
  flowControl: FlowControl;
  /** What GET /metrics serves; in-process components register their own metrics here. */
  metrics: ApiServerMetrics;
  /** Reaches kubelets (pods/log); without it those requests get a 400 saying so. */
  nodes?: NodeConnector;
  /** ECDSA P-256 private key (PEM) that signs serviceaccounts/token JWTs; absent: one made per server. */
  serviceAccountSigningKey?: string;
  /** Where ClusterIPs come from (cluster.serviceCIDR). */
  serviceRange: ServiceIpRange;
}

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
