// The one seam between the client and an API server. HTTPS implements it over sockets; the API
// server provides an in-process implementation that runs the same handler chain without sockets.
export type QueryValue = string | number | boolean | undefined;

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute path without the query, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface TransportStream {
  status: number;
  headers: Record<string, string>;
  /** The response body as it arrives; ends when the server closes the stream or `close()` is called. */
  body: AsyncIterable<string | Uint8Array>;
  close(): void;
}

export interface Transport {
  request(request: TransportRequest): Promise<TransportResponse>;
  /** A long-running response (watch). Non-2xx responses carry their Status document in `body`. */
  stream(request: TransportRequest): Promise<TransportStream>;
  /** Releases sockets and timers. */
  close?(): void;
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
