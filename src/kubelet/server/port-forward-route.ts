// Upgrade requests for /portForward/<namespace>/<pod>: find the pod's sandbox and hand the request
// to the port-forward protocol (port-forward/, SPDY or SPDY tunnelled in a WebSocket) with a dial
// into the sandbox's network through the runtime. A runtime without portForward (sim) gets a 400 Status.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest } from '../../machinery/index.js';
import { runtimeOfPod, type LocalPods } from './local-pods.js';
import { handlePortForwardUpgrade } from './port-forward/index.js';
import { responseForUpgrade, sendStatusJson, sendText } from './responses.js';

export function handlePortForwardRoute(
  target: { namespace: string; pod: string },
  pods: LocalPods,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  log?: (message: string) => void,
): void {
  const found = pods.findPod(target.namespace, target.pod);
  if (!found) return sendText(responseForUpgrade(req, socket), 404, 'pod does not exist');
  const runtime = runtimeOfPod(found.kubelet, found.pod);
  if (!runtime.portForward) {
    return sendStatusJson(
      responseForUpgrade(req, socket),
      badRequest(`port-forward is not supported by the container runtime of node ${found.kubelet.nodeName} (${runtime.version}): its pods have no network`),
    );
  }
  const uid = found.pod.metadata?.uid ?? '';
  const sandbox = runtime.sandboxFor(uid);
  if (!sandbox) return sendText(responseForUpgrade(req, socket), 404, 'pod does not exist');
  const portForward = runtime.portForward.bind(runtime);
  handlePortForwardUpgrade(req, socket, head, (port) => portForward(sandbox.id, port), {
    podName: `${target.pod}_${target.namespace}`,
    uid,
    log,
  });
}
