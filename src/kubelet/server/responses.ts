// How the kubelet endpoint answers without a stream: plain text for errors (as upstream's kubelet,
// whose text the API server passes on), Status JSON where a client decodes one (exec refusals),
// and a ServerResponse for a socket taken over by an Upgrade request, so both paths answer alike.
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { toStatus } from '../../machinery/index.js';

export function sendText(res: ServerResponse, code: number, text: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = text.endsWith('\n') ? text : `${text}\n`;
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** A Status (a StatusError's, or an InternalError naming anything else) as JSON with its code. */
export function sendStatusJson(res: ServerResponse, error: unknown): void {
  const status = toStatus(error);
  const body = JSON.stringify(status);
  res.writeHead(status.code, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** A response written to the raw socket of an Upgrade request that is refused; the connection closes after it. */
export function responseForUpgrade(req: IncomingMessage, socket: Duplex): ServerResponse {
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Parameters<ServerResponse['assignSocket']>[0]);
  res.once('finish', () => {
    res.detachSocket(socket as Parameters<ServerResponse['detachSocket']>[0]);
    socket.end();
  });
  return res;
}
