// Container logs for the API server's pods/log (request shape in src/api/pod-log-request.ts).
// Errors are StatusErrors with upstream's messages (400), which the server passes on.
import type { PodLogRequest } from '../api/pod-log-request.js';

export type { PodLogRequest };
import { badRequest, notFound } from '../machinery/index.js';
import type { Kubelet } from './kubelet.js';
import { instancesByName } from './pod-status.js';


export async function podLogs(kubelet: Kubelet | undefined, request: PodLogRequest): Promise<AsyncIterable<string>> {
  if (!kubelet) throw badRequest(`node ${request.nodeName} is not run by this process`);
  const sandbox = kubelet.runtime.sandboxFor(request.podUid);
  const instances = sandbox ? instancesByName(kubelet.runtime.listContainers(sandbox.id)).get(request.container) : undefined;
  const record = request.previous ? instances?.previous : instances?.latest;
  if (!record) {
    if (request.previous) throw badRequest(`previous terminated container "${request.container}" in pod "${request.pod}" not found`);
    if (!sandbox) throw notFound('pods', request.pod);
    throw badRequest(`container "${request.container}" in pod "${request.pod}" is waiting to start: ContainerCreating`);
  }
  if (record.state === 'created') throw badRequest(`container "${request.container}" in pod "${request.pod}" is waiting to start: ContainerCreating`);
  const now = kubelet.now();
  const since = request.sinceTime !== undefined ? Date.parse(request.sinceTime) : request.sinceSeconds !== undefined ? now - request.sinceSeconds * 1000 : undefined;
  return kubelet.runtime.logs(record.id, {
    follow: request.follow,
    tailLines: request.tailLines,
    limitBytes: request.limitBytes,
    since,
    timestamps: request.timestamps,
    signal: request.signal,
  });
}
