// The writes a density run is made of, as the API server hands them to updateManagedFields: pods
// created from a template, the scheduler's binding, the kubelet's status patches, node lease renewals,
// events, ReplicaSet status. `write(i)` varies names, uids, IPs per object. Shared by
// bench/managed-fields.ts and the tests that hold the fast paths to the reference implementation.
export type Obj = Record<string, unknown>;

export interface DensityWrite {
  live: Obj | null;
  updated: Obj;
  manager: string;
  subresource?: string;
}

const schemas = {
  pod: { $ref: 'io.k8s.api.core.v1.Pod' },
  lease: { $ref: 'io.k8s.api.coordination.v1.Lease' },
  event: { $ref: 'io.k8s.api.core.v1.Event' },
  replicaSet: { $ref: 'io.k8s.api.apps.v1.ReplicaSet' },
};
const T0 = '2026-11-22T08:01:45Z';
const T1 = '2026-11-22T08:01:47Z';
export const densityNow = new Date('2026-11-22T08:01:50Z');

const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const condition = (type: string, time = T0) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: time });
const conditionFields = { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} };

function rsName(i: number): string {
  return `density-${String(i % 100).padStart(4, '0')}-7d9c6b5f8`;
}

function rsUid(i: number): string {
  return `0f4d3c2b-1a09-4e8f-9d7c-${String(i % 100).padStart(12, '0')}`;
}

function podIP(i: number): string {
  return `10.245.${(i >> 8) & 255}.${i & 255}`;
}

/** A pod as the ReplicaSet controller creates it (defaults applied), before the scheduler binds it. */
function templatePod(i: number): Obj {
  const rs = rsName(i);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs}-`,
      name: `${rs}-${i.toString(36).padStart(5, 'x')}`,
      namespace: 'density',
      labels: { app: rs.slice(0, -10), 'pod-template-hash': '7d9c6b5f8' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: rsUid(i), controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu: '10m', memory: '10Mi' } },
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      securityContext: {},
      priority: 0,
    },
  };
}

const controllerEntry = (i: number) => ({
  manager: 'kube-controller-manager',
  operation: 'Update',
  apiVersion: 'v1',
  time: T0,
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:metadata': {
      'f:generateName': {},
      'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} },
      'f:ownerReferences': { '.': {}, [`k:{"uid":"${rsUid(i)}"}`]: {} },
    },
    'f:spec': {
      'f:containers': {
        'k:{"name":"pause"}': {
          '.': {},
          'f:image': {},
          'f:imagePullPolicy': {},
          'f:name': {},
          'f:resources': { '.': {}, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } },
          'f:terminationMessagePath': {},
          'f:terminationMessagePolicy': {},
        },
      },
      'f:dnsPolicy': {},
      'f:enableServiceLinks': {},
      'f:restartPolicy': {},
      'f:schedulerName': {},
      'f:securityContext': {},
      'f:terminationGracePeriodSeconds': {},
    },
  },
});

const schedulerEntry = {
  manager: 'kube-scheduler',
  operation: 'Update',
  apiVersion: 'v1',
  time: T0,
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:spec': { 'f:nodeName': {} } },
  subresource: 'binding',
};

const kubeletEntry = (i: number) => ({
  manager: 'kubelet',
  operation: 'Update',
  apiVersion: 'v1',
  time: T0,
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:status': {
      'f:conditions': {
        'k:{"type":"ContainersReady"}': conditionFields,
        'k:{"type":"Initialized"}': conditionFields,
        'k:{"type":"PodReadyToStartContainers"}': conditionFields,
        'k:{"type":"PodScheduled"}': conditionFields,
        'k:{"type":"Ready"}': conditionFields,
      },
      'f:containerStatuses': {},
      'f:hostIP': {},
      'f:hostIPs': {},
      'f:phase': {},
      'f:podIP': {},
      'f:podIPs': { '.': {}, [`k:{"ip":"${podIP(i)}"}`]: { '.': {}, 'f:ip': {} } },
      'f:startTime': {},
    },
  },
  subresource: 'status',
});

function storedPod(i: number, entries: Obj[], status: Obj | undefined, bound = true): Obj {
  const pod = templatePod(i);
  const metadata = pod.metadata as Obj;
  Object.assign(metadata, { uid: `cbe34f82-26f8-43d3-920d-${String(i).padStart(12, '0')}`, creationTimestamp: T0, resourceVersion: String(1000 + i), managedFields: entries });
  const spec = pod.spec as Obj;
  Object.assign(spec, { serviceAccountName: 'default', serviceAccount: 'default' });
  spec.tolerations = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  if (bound) spec.nodeName = `sim-node-${String(i % 1000).padStart(4, '0')}`;
  if (status !== undefined) pod.status = status;
  return pod;
}

function runningStatus(i: number, time: string, ready: boolean): Obj {
  return {
    phase: 'Running',
    qosClass: 'Burstable',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) =>
      type === 'Ready' || type === 'ContainersReady' ? { ...condition(type, time), status: ready ? 'True' : 'False' } : condition(type),
    ),
    hostIP: '10.244.1.1',
    hostIPs: [{ ip: '10.244.1.1' }],
    podIP: podIP(i),
    podIPs: [{ ip: podIP(i) }],
    startTime: T0,
    containerStatuses: [
      {
        name: 'pause',
        image: 'registry.k8s.io/pause:3.10',
        imageID: 'sim://sha256:8cb2091f603e75187e2f6226c5901d12e00b1d1f778c6471ae4578e8a1c4724a',
        containerID: `sim://${i.toString(16).padStart(16, '0')}`,
        ready,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: T0 } },
        lastState: {},
      },
    ],
  };
}

/** The writes of one shape for pod (or object) number i: what the API server hands updateManagedFields. */
export const densityWrites: Record<string, { schema: Obj; write: (i: number) => DensityWrite }> = {
  'pod create (POST from a ReplicaSet template)': {
    schema: schemas.pod,
    write: (i) => ({ live: null, updated: templatePod(i), manager: 'kube-controller-manager' }),
  },
  'pod binding (scheduler, pods/binding)': {
    schema: schemas.pod,
    write: (i) => {
      const live = storedPod(i, [controllerEntry(i)], { phase: 'Pending', qosClass: 'Burstable' }, false);
      const updated = fresh(live);
      (updated.spec as Obj).nodeName = `sim-node-${String(i % 1000).padStart(4, '0')}`;
      return { live, updated, manager: 'kube-scheduler', subresource: 'binding' };
    },
  },
  'pod status, first (kubelet, new fields)': {
    schema: schemas.pod,
    write: (i) => {
      const live = storedPod(i, [controllerEntry(i), schedulerEntry], { phase: 'Pending', qosClass: 'Burstable' });
      const updated = fresh(live);
      updated.status = runningStatus(i, T0, false);
      return { live, updated, manager: 'kubelet', subresource: 'status' };
    },
  },
  'pod status, again (kubelet, same fields)': {
    schema: schemas.pod,
    write: (i) => {
      const live = storedPod(i, [controllerEntry(i), schedulerEntry, kubeletEntry(i)], runningStatus(i, T0, false));
      const updated = fresh(live);
      updated.status = runningStatus(i, T1, true);
      return { live, updated, manager: 'kubelet', subresource: 'status' };
    },
  },
  'lease renew (kubelet, PUT)': {
    schema: schemas.lease,
    write: (i) => {
      const node = `sim-node-${String(i).padStart(4, '0')}`;
      const live = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: node,
          namespace: 'kube-node-lease',
          uid: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`,
          resourceVersion: String(5000 + i),
          creationTimestamp: T0,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node, uid: `b1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}` }],
          managedFields: [
            {
              manager: 'kubelet',
              operation: 'Update',
              apiVersion: 'coordination.k8s.io/v1',
              time: T0,
              fieldsType: 'FieldsV1',
              fieldsV1: {
                'f:metadata': { 'f:ownerReferences': { '.': {}, [`k:{"uid":"b1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}"}`]: {} } },
                'f:spec': { 'f:holderIdentity': {}, 'f:leaseDurationSeconds': {}, 'f:renewTime': {} },
              },
            },
          ],
        },
        spec: { holderIdentity: node, leaseDurationSeconds: 40, renewTime: '2026-11-22T08:01:45.123456Z' },
      };
      const updated = fresh(live);
      (updated.spec as Obj).renewTime = '2026-11-22T08:01:55.123456Z';
      return { live, updated, manager: 'kubelet' };
    },
  },
  'event create (POST)': {
    schema: schemas.event,
    write: (i) => ({
      live: null,
      updated: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${rsName(i)}-x${i}.17f9a2b3c4d5e6f7`, namespace: 'density' },
        involvedObject: { kind: 'Pod', namespace: 'density', name: `${rsName(i)}-x${i}`, uid: `cbe34f82-26f8-43d3-920d-${String(i).padStart(12, '0')}`, apiVersion: 'v1', resourceVersion: '1234' },
        reason: 'Scheduled',
        message: `Successfully assigned density/${rsName(i)}-x${i} to sim-node-${String(i % 1000).padStart(4, '0')}`,
        source: { component: 'default-scheduler' },
        firstTimestamp: null,
        lastTimestamp: null,
        count: 1,
        type: 'Normal',
        eventTime: '2026-11-22T08:01:45.123456Z',
        reportingComponent: 'default-scheduler',
        reportingInstance: 'default-scheduler-engenho',
        action: 'Binding',
      },
      manager: 'kube-scheduler',
    }),
  },
  'ReplicaSet status (controller, PUT replicasets/status)': {
    schema: schemas.replicaSet,
    write: (i) => {
      const name = rsName(i);
      const statusFields = { 'f:status': { 'f:availableReplicas': {}, 'f:fullyLabeledReplicas': {}, 'f:observedGeneration': {}, 'f:readyReplicas': {}, 'f:replicas': {} } };
      const live = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: 'density',
          uid: rsUid(i),
          generation: 1,
          resourceVersion: String(9000 + i),
          creationTimestamp: T0,
          labels: { app: name.slice(0, -10), 'pod-template-hash': '7d9c6b5f8' },
          annotations: { 'deployment.kubernetes.io/desired-replicas': '30', 'deployment.kubernetes.io/max-replicas': '38', 'deployment.kubernetes.io/revision': '1' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: name.slice(0, -10), uid: `d0d0d0d0-1a09-4e8f-9d7c-${String(i % 100).padStart(12, '0')}`, controller: true, blockOwnerDeletion: true }],
          managedFields: [
            {
              manager: 'kube-controller-manager',
              operation: 'Update',
              apiVersion: 'apps/v1',
              time: T0,
              fieldsType: 'FieldsV1',
              fieldsV1: {
                'f:metadata': {
                  'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/desired-replicas': {}, 'f:deployment.kubernetes.io/max-replicas': {}, 'f:deployment.kubernetes.io/revision': {} },
                  'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} },
                  'f:ownerReferences': { '.': {}, [`k:{"uid":"d0d0d0d0-1a09-4e8f-9d7c-${String(i % 100).padStart(12, '0')}"}`]: {} },
                },
                'f:spec': {
                  'f:replicas': {},
                  'f:selector': {},
                  'f:template': {
                    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} } },
                    'f:spec': {
                      'f:containers': { 'k:{"name":"pause"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': { '.': {}, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } }, 'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {} } },
                      'f:dnsPolicy': {},
                      'f:restartPolicy': {},
                      'f:schedulerName': {},
                      'f:securityContext': {},
                      'f:terminationGracePeriodSeconds': {},
                    },
                  },
                },
              },
            },
            { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: statusFields, subresource: 'status' },
          ],
        },
        spec: {
          replicas: 30,
          selector: { matchLabels: { app: name.slice(0, -10), 'pod-template-hash': '7d9c6b5f8' } },
          template: {
            metadata: { labels: { app: name.slice(0, -10), 'pod-template-hash': '7d9c6b5f8' } },
            spec: templatePod(i).spec,
          },
        },
        status: { replicas: 30, fullyLabeledReplicas: 30, readyReplicas: 12, availableReplicas: 12, observedGeneration: 1 },
      };
      const updated = fresh(live);
      updated.status = { replicas: 30, fullyLabeledReplicas: 30, readyReplicas: 13, availableReplicas: 13, observedGeneration: 1 };
      return { live, updated, manager: 'kube-controller-manager', subresource: 'status' };
    },
  },
};

