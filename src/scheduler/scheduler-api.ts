// The three writes the scheduler makes, as an interface so its loop can be driven in tests, and
// the implementation over the typed client: the pods/binding subresource, a strategic merge patch of
// the PodScheduled condition on pods/status, and core/v1 Events (repeats bump count, as client-go).
import type { Binding, CoreV1Event, Pod, PodCondition } from '../api/index.js';
import { apiErrorFromResponse, objectPath, realClock, type Client, type Clock } from '../client/index.js';

export type EventType = 'Normal' | 'Warning';

export interface SchedulerApi {
  /** Creates the pod's Binding to the node; rejects with the API error if refused. */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Sets the PodScheduled condition on the pod's status. */
  setPodScheduledCondition(pod: Pod, condition: PodCondition): Promise<void>;
  recordEvent(pod: Pod, type: EventType, reason: string, action: string, message: string): Promise<void>;
}

export interface ClientSchedulerApiOptions {
  clock?: Clock;
  /** source.component and reportingComponent of the Events (default "default-scheduler"). */
  component?: string;
  /** reportingInstance of the Events. */
  instance?: string;
}

const rememberedEvents = 4096;

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export function clientSchedulerApi(client: Client, options: ClientSchedulerApiOptions = {}): SchedulerApi {
  const clock = options.clock ?? realClock;
  const component = options.component ?? 'default-scheduler';
  const pods = client.resource<Pod>('v1', 'pods');
  const events = client.resource<CoreV1Event>('v1', 'events');
  const seen = new Map<string, { name: string; namespace: string; count: number }>();

  return {
    async bind(pod, nodeName) {
      const namespace = pod.metadata?.namespace ?? 'default';
      const name = pod.metadata?.name ?? '';
      const binding: Binding = {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, namespace, uid: pod.metadata?.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      };
      const response = await client.transport.request({
        method: 'POST',
        path: objectPath(pods.descriptor, namespace, name, 'binding'),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(binding),
      });
      if (response.status < 200 || response.status > 299) throw apiErrorFromResponse(response.status, response.body);
    },

    async setPodScheduledCondition(pod, condition) {
      await pods.patch(pod.metadata?.name ?? '', { status: { conditions: [condition] } }, { type: 'strategic', namespace: pod.metadata?.namespace, subresource: 'status' });
    },

    async recordEvent(pod, type, reason, action, message) {
      const namespace = pod.metadata?.namespace ?? 'default';
      const now = timestamp(clock.now());
      const key = JSON.stringify([pod.metadata?.uid, namespace, pod.metadata?.name, type, reason, message]);
      const previous = seen.get(key);
      if (previous !== undefined) {
        previous.count += 1;
        seen.delete(key);
        seen.set(key, previous);
        try {
          await events.patch(previous.name, { count: previous.count, lastTimestamp: now }, { type: 'merge', namespace });
          return;
        } catch {
          seen.delete(key);
        }
      }
      const name = `${pod.metadata?.name ?? 'pod'}.${(BigInt(clock.now()) * 1_000_000n + BigInt(seen.size)).toString(16)}`;
      await events.create({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace, name: pod.metadata?.name, uid: pod.metadata?.uid, resourceVersion: pod.metadata?.resourceVersion },
        type,
        reason,
        action,
        message,
        source: { component },
        reportingComponent: component,
        reportingInstance: options.instance ?? component,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
      seen.set(key, { name, namespace, count: 1 });
      if (seen.size > rememberedEvents) seen.delete(seen.keys().next().value as string);
    },
  };
}
