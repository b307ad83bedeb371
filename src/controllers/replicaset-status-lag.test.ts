import { afterEach, describe, expect, it } from 'vitest';
import type { Pod, ReplicaSet } from '../api/index.js';
import { Client, type Transport, type TransportRequest, type TransportStream } from '../client/index.js';
import { FakeApi } from '../client/testing/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { runControllers, type RunningControllers } from './index.js';
import { replicaSetController } from './replicaset-controller.js';

/** Holds back the watch events of paths matching `match` while `held`: an informer lagging behind the server. */
class LaggingWatches implements Transport {
  held = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly inner: FakeApi,
    private readonly match: RegExp,
  ) {}

  request(request: TransportRequest) {
    return this.inner.request(request);
  }

  async stream(request: TransportRequest): Promise<TransportStream> {
    const stream = await this.inner.stream(request);
    if (!this.match.test(request.path)) return stream;
    const gate = this;
    async function* body() {
      for await (const chunk of stream.body) {
        while (gate.held) await new Promise<void>((resolve) => gate.waiting.push(resolve));
        yield chunk;
      }
    }
    return { ...stream, body: body() };
  }

  release(): void {
    this.held = false;
    for (const resume of this.waiting.splice(0)) resume();
  }
}

let controllers: RunningControllers | undefined;
let transport: LaggingWatches | undefined;
afterEach(async () => {
  transport?.release();
  await controllers?.stop();
});

describe('ReplicaSet controller while its informer lags', () => {
  it('writes status over its own last write instead of the stale cached ReplicaSet (no conflict loop)', { timeout: 60_000 }, async () => {
    const api = new FakeApi();
    transport = new LaggingWatches(api, /replicasets/);
    const client = api.client();
    controllers = runControllers({ client: new Client(transport), factories: { replicaset: replicaSetController } });
    await controllers.ready;
    const sets = client.resource<ReplicaSet>('apps/v1', 'replicasets');
    const pods = client.resource<Pod>('v1', 'pods');
    await sets.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await eventually(async () => (await sets.get('web', { namespace: 'default' })).status?.replicas === 2, 'status.replicas 2');
    const [first, second] = (await pods.list({ namespace: 'default' })).items;
    expect(second).toBeDefined();

    transport.held = true;
    const ready = (pod: Pod) => pods.updateStatus({ ...pod, apiVersion: 'v1', kind: 'Pod', status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] } });
    await ready(first!);
    await eventually(async () => (await sets.get('web', { namespace: 'default' })).status?.readyReplicas === 1, 'readyReplicas 1 (informer held)');
    // The cache still holds the ReplicaSet from before that status write.
    await ready(second!);
    await eventually(async () => (await sets.get('web', { namespace: 'default' })).status?.readyReplicas === 2, 'readyReplicas 2 (informer held)');
    transport.release();
    expect((await sets.get('web', { namespace: 'default' })).status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
  });
});
