// The three writes the scheduler makes, as an interface so its loop can be driven in tests, and
// the implementation over the typed client: the pods/binding subresource, a strategic merge patch of
// the PodScheduled condition on pods/status, and core/v1 Events through the client's EventRecorder
// (repeats bump count, as client-go's correlator).
import type { Binding, Pod, PodCondition } from '../api/index.js';
import { EventRecorder, type Client, type Clock, type EventType } from '../client/index.js';

export type { EventType };

export interface SchedulerApi {
  /** Creates the pod's Binding to the node; rejects with the API error if refused. */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Sets the PodScheduled condition on the pod's status. */
  setPodScheduledCondition(pod: Pod, condition: PodCondition): Promise<void>;
  recordEvent(pod: Pod, type: EventType, reason: string, action: string, message: string): Promise<void>;
}

export interface ClientSchedulerApiOptions {
  clock?: Clock;
  /** source.component of the Events (default "default-scheduler"). */
  component?: string;
  onError?: (error: unknown) => void;
}

export function clientSchedulerApi(client: Client, options: ClientSchedulerApiOptions = {}): SchedulerApi {
  const pods = client.resource<Pod>('v1', 'pods');
  const recorder = new EventRecorder({ client, component: options.component ?? 'default-scheduler', clock: options.clock, onError: options.onError });

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
      await pods.createSubresource(name, 'binding', binding, { namespace });
    },

    async setPodScheduledCondition(pod, condition) {
      await pods.patch(pod.metadata?.name ?? '', { status: { conditions: [condition] } }, { type: 'strategic', namespace: pod.metadata?.namespace, subresource: 'status' });
    },

    recordEvent(pod, type, reason, action, message) {
      return recorder.event({ ...pod, apiVersion: pod.apiVersion ?? 'v1', kind: pod.kind ?? 'Pod' }, type, reason, message, { action });
    },
  };
}
