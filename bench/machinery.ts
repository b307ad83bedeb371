// npm run bench:machinery — per-request cost of the object machinery on the API server's write path:
// selectors, defaulting, schema validation (built-in catalog), semantic validation, patches, quantities.
import { mkdirSync, writeFileSync } from 'node:fs';
import { definition, definitionNameForKind, resolveRef } from '../src/api/index.js';
import type { SchemaNode } from '../src/api/index.js';
import {
  applyBuiltinDefaults,
  applySchemaDefaults,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  canonicalQuantity,
  createSchemaWalker,
  matchesLabels,
  parseLabelSelector,
  pruneUnknownFields,
  validateAgainstSchema,
  validateBuiltin,
} from '../src/machinery/index.js';

interface Row {
  operation: string;
  opsPerSecond: number;
  microsecondsPerOp: number;
}

const walker = createSchemaWalker((ref) => definition(ref));
const deploymentSchema = resolveRef({ $ref: definitionNameForKind('apps', 'v1', 'Deployment') ?? '' }) as SchemaNode;
const podSchema = resolveRef({ $ref: definitionNameForKind('', 'v1', 'Pod') ?? '' }) as SchemaNode;

const deployment = applyBuiltinDefaults(
  { group: 'apps', kind: 'Deployment' },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }], resources: { limits: { cpu: '500m', memory: '128Mi' } } },
            { name: 'sidecar', image: 'busybox:1', args: ['sleep', '3600'] },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  },
);

// A density pod as the API server stores it after the kubelet's status write: ReplicaSet-owned,
// managedFields of both writers, status with conditions and a running container.
const pod = applyBuiltinDefaults(
  { group: '', kind: 'Pod' },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d4b9c8f6d-x2kqz',
      generateName: 'web-7d4b9c8f6d-',
      namespace: 'density-1',
      uid: '3f0c6a4e-2b1d-4c8e-9a7f-1e2d3c4b5a69',
      resourceVersion: '123456',
      creationTimestamp: '2026-11-22T08:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f6d', uid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', controller: true, blockOwnerDeletion: true }],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-11-22T08:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {} }, 'f:ownerReferences': { '.': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"pause"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-11-22T08:00:02Z',
          fieldsType: 'FieldsV1',
          subresource: 'status',
          fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:containerStatuses': {}, 'f:phase': {}, 'f:podIP': {} } },
        },
      ],
    },
    spec: {
      nodeName: 'node-17',
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '10Mi' } } }],
    },
    status: {
      phase: 'Running',
      hostIP: '10.0.0.17',
      podIP: '10.244.17.5',
      podIPs: [{ ip: '10.244.17.5' }],
      startTime: '2026-11-22T08:00:01Z',
      qosClass: 'Burstable',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-11-22T08:00:00Z' },
        { type: 'Initialized', status: 'True', lastTransitionTime: '2026-11-22T08:00:01Z' },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: '2026-11-22T08:00:02Z' },
        { type: 'Ready', status: 'True', lastTransitionTime: '2026-11-22T08:00:02Z' },
      ],
      containerStatuses: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10',
          imageID: 'registry.k8s.io/pause@sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a',
          containerID: 'sim://3f0c6a4e-pause',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: '2026-11-22T08:00:02Z' } },
        },
      ],
    },
  },
);

function measure(operation: string, action: (index: number) => unknown): Row {
  for (let i = 0; i < 2000; i++) action(i);
  let operations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (let i = 0; i < 100; i++) action(operations + i);
    operations += 100;
    elapsed = performance.now() - start;
  }
  const opsPerSecond = operations / (elapsed / 1000);
  return { operation, opsPerSecond: Math.round(opsPerSecond), microsecondsPerOp: Number((1e6 / opsPerSecond).toFixed(2)) };
}

const selector = parseLabelSelector('app=web,tier in (front,back),!canary');
const labels = { app: 'web', tier: 'front' };
const smpPatch = { spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } };

const rows: Row[] = [
  measure('parseLabelSelector (3 requirements)', () => parseLabelSelector('app=web,tier in (front,back),!canary')),
  measure('matchesLabels', () => matchesLabels(selector, labels)),
  measure('applyBuiltinDefaults (Deployment)', () => applyBuiltinDefaults({ group: 'apps', kind: 'Deployment' }, deployment)),
  measure('validateAgainstSchema (Deployment, Strict)', () => validateAgainstSchema(deployment, deploymentSchema, walker, { unknownFields: 'Strict' })),
  measure('pruneUnknownFields (Deployment)', () => pruneUnknownFields(deployment, deploymentSchema, walker)),
  measure('validateBuiltin (Deployment)', () => validateBuiltin({ group: 'apps', kind: 'Deployment' }, deployment)),
  measure('applySchemaDefaults (Deployment)', () => applySchemaDefaults(deployment, deploymentSchema, walker)),
  measure('applyBuiltinDefaults (Pod)', () => applyBuiltinDefaults({ group: '', kind: 'Pod' }, pod)),
  measure('applySchemaDefaults (Pod)', () => applySchemaDefaults(pod, podSchema, walker)),
  measure('validateAgainstSchema (Pod, Strict)', () => validateAgainstSchema(pod, podSchema, walker, { unknownFields: 'Strict' })),
  measure('pruneUnknownFields (Pod)', () => pruneUnknownFields(pod, podSchema, walker)),
  measure('validateBuiltin (Pod)', () => validateBuiltin({ group: '', kind: 'Pod' }, pod)),
  measure('applyStrategicMergePatch (Deployment)', () => applyStrategicMergePatch(deployment, smpPatch, deploymentSchema, walker)),
  measure('applyMergePatch (Deployment)', () => applyMergePatch(deployment, { spec: { replicas: 3 } })),
  measure('applyJsonPatch (Deployment, 2 ops)', () =>
    applyJsonPatch(deployment, [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ]),
  ),
  measure('canonicalQuantity', (i) => canonicalQuantity(i % 2 === 0 ? '1.5Gi' : '1500m')),
];

console.log('| operation | ops/s | µs/op |');
console.log('|---|---:|---:|');
for (const row of rows) console.log(`| ${row.operation} | ${row.opsPerSecond} | ${row.microsecondsPerOp} |`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/machinery.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
