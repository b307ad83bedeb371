// The server speaks HTTP/2 with an HTTP/1.1 fallback (node:http2 with allowHTTP1), so handlers see
// either flavour of request and response through the same compatibility API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

export type ApiRequest = IncomingMessage | Http2ServerRequest;
export type ApiResponse = ServerResponse | Http2ServerResponse;
