// How many pods/status writes a pod costs and what they carry: a pod with a start delay goes
// Pending (ContainerCreating) then Running in exactly two merge patches, the second with only the
// fields that changed; and a pod cache that has not caught up with the first write costs no third.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport, TransportRequest } from '../client/index.js';
import { eventually } from '../client/testing/real-api-server.js';
import { podManifest, startKubeletHarness, type KubeletHarness } from './testing/kubelet-harness.js';

/** Holds the watch chunks of the kubelets' pod informer while closed. */
class WatchGate {
  private opened: Promise<void> = Promise.resolve();
  private release?: () => void;

  close(): void {
    if (this.release) return;
    this.opened = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
    this.release = undefined;
  }

  wrap(inner: Transport): Transport {
    return {
      request: (request) => inner.request(request),
      stream: async (request) => {
        const stream = await inner.stream(request);
        const gate = this;
        async function* gated() {
          for await (const chunk of stream.body) {
            await gate.opened;
            yield chunk;
          }
        }
        return { ...stream, body: gated() };
      },
      close: () => inner.close?.(),
    };
  }
}

interface StatusWrite {
  pod: string;
  fields: string[];
}

let h: KubeletHarness;
const gate = new WatchGate();
const writes: StatusWrite[] = [];
/** Called before a status write is sent. */
let beforeWrite: (write: StatusWrite) => void = () => undefined;

function counted(inner: Transport): Transport {
  return {
    ...inner,
    request: (request: TransportRequest) => {
      const match = /^\/api\/v1\/namespaces\/default\/pods\/([^/]+)\/status$/.exec(request.path);
      if (request.method === 'PATCH' && match) {
        const write = { pod: match[1], fields: Object.keys(JSON.parse(request.body ?? '{}').status ?? {}).sort() };
        writes.push(write);
        beforeWrite(write);
      }
      return inner.request(request);
    },
  };
}

beforeAll(async () => {
  h = await startKubeletHarness({ kubeletTransport: (inner) => counted(gate.wrap(inner)) });
});
afterAll(async () => {
  gate.open();
  await h?.stop();
});

/** Waits until the kubelet's pod cache shows the pod as the API server has it, and the node is idle. */
async function settled(name: string): Promise<void> {
  await eventually(async () => {
    const stored = await h.pods.get(name);
    return h.running.findPod('default', name)?.pod.metadata?.resourceVersion === stored.metadata?.resourceVersion;
  }, `${name}: the kubelet's cache caught up`);
  await Promise.all(h.running.kubelets.map((kubelet) => kubelet.idle()));
}

const writesOf = (name: string) => writes.filter((write) => write.pod === name).map((write) => write.fields);
const ALL_FIELDS = ['conditions', 'containerStatuses', 'hostIP', 'hostIPs', 'phase', 'podIP', 'podIPs', 'qosClass', 'startTime'];

describe('pod status writes', () => {
  it('Pending (ContainerCreating), then Running: two merge patches, the second with only what changed', async () => {
    await h.pods.create(podManifest('steady'));
    await h.waitForPod('steady', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating', 'ContainerCreating');
    await settled('steady');
    await h.advance(1000);
    await h.waitForPod('steady', (p) => p.status?.phase === 'Running', 'Running');
    await settled('steady');
    await h.advance(1000);
    await settled('steady');
    // The first patch leaves out phase and qosClass: the API server set them (Pending, BestEffort) as the kubelet computes them.
    expect(writesOf('steady')).toEqual([ALL_FIELDS.filter((field) => field !== 'qosClass' && field !== 'phase'), ['conditions', 'containerStatuses', 'phase']]);
  });

  it('a cache still showing the pod before the first write costs no third write', async () => {
    beforeWrite = (write) => {
      if (write.pod === 'lagging') gate.close();
    };
    await h.pods.create(podManifest('lagging'));
    await eventually(async () => writesOf('lagging').length === 1, 'the first status write');
    await h.advance(1000);
    await eventually(async () => writesOf('lagging').length === 2, 'the Running status written from the stale cache');
    beforeWrite = () => undefined;
    gate.open();
    const running = await h.waitForPod('lagging', (p) => p.status?.phase === 'Running', 'Running');
    await settled('lagging');
    const created = '2026-01-01T00:00:02Z';
    const started = '2026-01-01T00:00:03Z';
    expect(running.status?.startTime).toBe(created);
    expect(running.status?.conditions?.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['PodReadyToStartContainers', 'True', created],
      ['Initialized', 'True', created],
      ['Ready', 'True', started],
      ['ContainersReady', 'True', started],
      ['PodScheduled', 'True', created],
    ]);
    // The second write starts from the first (not from the cache without it): only what changed, and
    // the start time and transition times of the first are kept.
    expect(writesOf('lagging')).toEqual([ALL_FIELDS.filter((field) => field !== 'qosClass' && field !== 'phase'), ['conditions', 'containerStatuses', 'phase']]);
  });
});
