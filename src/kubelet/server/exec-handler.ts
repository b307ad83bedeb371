// Upgrade requests for /exec/<namespace>/<pod>/<container>: find the running container, refuse
// in upstream's words what cannot be served, then take the WebSocket and bridge the runtime's
// exec session (exec-channels.ts). A runtime without execStream (sim) gets a 400 Status.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { badRequest } from '../../machinery/index.js';
import type { ExecSession, ExecStreamOptions } from '../container-runtime.js';
import { instancesByName } from '../pod-status.js';
import type { ContainerTarget } from './container-logs.js';
import { bridgeExecSession, bufferEarlyMessages, EXEC_SUBPROTOCOLS, finishWithStatus, internalErrorStatus } from './exec-channels.js';
import { parseExecOptions } from './exec-options.js';
import { containerSpecOf, runtimeOfPod, type LocalPods } from './local-pods.js';
import { responseForUpgrade, sendStatusJson, sendText } from './responses.js';

const sockets = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  clientTracking: false,
  handleProtocols: (offered) => EXEC_SUBPROTOCOLS.find((p) => offered.has(p)) ?? false,
});

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}

export async function handleExecUpgrade(
  target: ContainerTarget,
  query: URLSearchParams,
  pods: LocalPods,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const refuse = () => responseForUpgrade(req, socket);
  const options = parseExecOptions(query);
  if (typeof options === 'string') return sendStatusJson(refuse(), badRequest(options));
  const found = pods.findPod(target.namespace, target.pod);
  if (!found) return sendText(refuse(), 404, `pod "${target.pod}" does not exist`);
  if (!containerSpecOf(found.pod, target.container)) return sendText(refuse(), 404, `container "${target.container}" not found in pod "${target.pod}"`);
  const runtime = runtimeOfPod(found.kubelet, found.pod);
  if (!runtime.execStream) {
    return sendStatusJson(refuse(), badRequest(`exec is not supported by the container runtime of node ${found.kubelet.nodeName} (${runtime.version}): its containers run no processes`));
  }
  const sandbox = runtime.sandboxFor(found.pod.metadata?.uid ?? '');
  const record = sandbox ? instancesByName(runtime.listContainers(sandbox.id)).get(target.container)?.latest : undefined;
  if (!record || record.state !== 'running') return sendText(refuse(), 404, `container not found (${JSON.stringify(target.container)})`);
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    return sendStatusJson(refuse(), badRequest(`exec is served over WebSocket only (${EXEC_SUBPROTOCOLS.join(', ')}); this kubelet does not speak ${req.headers.upgrade ?? 'that protocol'}`));
  }
  const offered = offeredProtocols(req);
  const protocol = EXEC_SUBPROTOCOLS.find((p) => offered.includes(p));
  if (!protocol) {
    return sendStatusJson(refuse(), badRequest(`unable to upgrade: none of the offered subprotocols [${offered.join(', ')}] is supported (${EXEC_SUBPROTOCOLS.join(', ')})`));
  }
  const execStream = runtime.execStream.bind(runtime);
  sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    void run(ws, protocol, () => execStream(record.id, options as ExecStreamOptions), options.command);
  });
}

async function run(ws: WebSocket, protocol: string, start: () => Promise<ExecSession>, command: string[]): Promise<void> {
  const takeEarly = bufferEarlyMessages(ws);
  let session: ExecSession;
  try {
    session = await start();
  } catch (error) {
    takeEarly();
    finishWithStatus(ws, protocol, internalErrorStatus(error instanceof Error ? error.message : String(error)));
    return;
  }
  await bridgeExecSession(ws, protocol, session, command, takeEarly());
}
