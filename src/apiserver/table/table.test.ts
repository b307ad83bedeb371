import { describe, expect, it } from 'vitest';
import type { ResourceInfo } from '../../api/schema-types.js';
import { createSchemaWalker } from '../../machinery/schema-walk.js';
import type { PrinterColumn, ServedResource } from '../served-resources.js';
import { humanDuration, toTable } from './index.js';

const NOW = new Date('2026-01-10T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function resource(group: string, plural: string, kind: string, custom?: PrinterColumn[]): ServedResource {
  const info: ResourceInfo = {
    group, version: 'v1', kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), namespaced: true,
    verbs: [], subresources: [], shortNames: [], categories: [], definition: kind,
  };
  return {
    info, schema: {}, walker: createSchemaWalker(() => undefined),
    ...(custom === undefined ? {} : { custom: { crdName: `${plural}.${group}`, storageVersion: 'v1', printerColumns: custom } }),
  };
}

const cellsOf = (table: Record<string, unknown>) => (table.rows as { cells: unknown[] }[]).map((row) => row.cells);
const headersOf = (table: Record<string, unknown>) =>
  (table.columnDefinitions as { name: string; priority: number }[]).map((c) => (c.priority > 0 ? `(${c.name})` : c.name));

describe('humanDuration', () => {
  it('drops precision as upstream does', () => {
    const cases: [number, string][] = [
      [-5, '<invalid>'], [-1, '0s'], [0, '0s'], [5, '5s'], [119, '119s'], [120, '2m'], [182, '3m2s'], [600, '10m'],
      [179 * 60, '179m'], [3 * 3600, '3h'], [4 * 3600 + 10 * 60, '4h10m'], [8 * 3600, '8h'], [47 * 3600, '47h'],
      [48 * 3600, '2d'], [51 * 3600, '2d3h'], [8 * 86400, '8d'], [40 * 86400, '40d'], [730 * 86400, '2y'], [740 * 86400, '2y10d'],
      [9 * 365 * 86400, '9y'],
    ];
    expect(cases.map(([seconds]) => humanDuration(seconds * 1000))).toEqual(cases.map(([, text]) => text));
  });
});

describe('toTable', () => {
  it('never throws on malformed objects, whatever the printer', () => {
    const kinds: [string, string, string][] = [
      ['', 'pods', 'Pod'], ['', 'nodes', 'Node'], ['', 'services', 'Service'], ['', 'events', 'Event'], ['', 'endpoints', 'Endpoints'],
      ['', 'persistentvolumes', 'PersistentVolume'], ['', 'persistentvolumeclaims', 'PersistentVolumeClaim'], ['', 'resourcequotas', 'ResourceQuota'],
      ['apps', 'deployments', 'Deployment'], ['apps', 'daemonsets', 'DaemonSet'], ['batch', 'jobs', 'Job'], ['batch', 'cronjobs', 'CronJob'],
      ['networking.k8s.io', 'ingresses', 'Ingress'], ['autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'],
      ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding'], ['discovery.k8s.io', 'endpointslices', 'EndpointSlice'], ['x.io', 'things', 'Thing'],
    ];
    const garbage = [
      {},
      { metadata: 'nope', spec: 7, status: [] },
      { metadata: { name: 5, creationTimestamp: 'not a date' }, spec: { containers: 'x', ports: [null, 3], rules: {}, selector: 'a' }, status: { conditions: [null], containerStatuses: [1] } },
    ];
    for (const [group, plural, kind] of kinds) {
      const res = resource(group, plural, kind, group === 'x.io' ? [{ name: 'Bad', type: 'string', jsonPath: '.spec[?(@' }] : undefined);
      const table = toTable(res, garbage, { includeObject: 'Metadata', now: NOW });
      expect((table.rows as unknown[]).length).toBe(3);
    }
  });

  it('prints pods with the columns and statuses of kubectl', () => {
    const pods = [
      {
        metadata: { name: 'web', creationTimestamp: ago(182) },
        spec: { nodeName: 'node-1', containers: [{ name: 'a' }, { name: 'b' }] },
        status: {
          phase: 'Running', podIP: '10.0.0.5',
          containerStatuses: [
            { name: 'a', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: ago(65) } } },
            { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } } },
          ],
        },
      },
      {
        metadata: { name: 'init', creationTimestamp: ago(5) },
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'c' }], readinessGates: [{ conditionType: 'x' }] },
        status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 0 } } }, { name: 'i2', state: { running: {} } }] },
      },
      { metadata: { name: 'gone', creationTimestamp: ago(3 * 86400), deletionTimestamp: ago(1) }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } },
      { metadata: { name: 'gated' }, spec: { containers: [{ name: 'c' }], schedulingGates: [{ name: 'g' }] },
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } },
      { metadata: { name: 'done' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Succeeded', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } },
    ];
    const table = toTable(resource('', 'pods', 'Pod'), pods, { includeObject: 'None', now: NOW });
    expect(headersOf(table)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', '(IP)', '(Node)', '(Nominated Node)', '(Readiness Gates)']);
    expect(cellsOf(table)).toEqual([
      ['web', '1/2', 'CrashLoopBackOff', '2 (65s ago)', '3m2s', '10.0.0.5', 'node-1', '<none>', '<none>'],
      ['init', '0/1', 'Init:1/2', '0', '5s', '<none>', '<none>', '<none>', '0/1'],
      ['gone', '0/1', 'Terminating', '0', '3d', '<none>', '<none>', '<none>', '<none>'],
      ['gated', '0/1', 'SchedulingGated', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>'],
      ['done', '0/1', 'Completed', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>'],
    ]);
  });

  it('includes the object, its metadata, or nothing', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: {} };
    const res = resource('', 'configmaps', 'ConfigMap');
    const meta = toTable(res, [pod], { includeObject: 'Metadata', now: NOW, listMeta: { resourceVersion: '7' } });
    expect(meta).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '7' } });
    expect((meta.rows as unknown[])[0]).toEqual({
      cells: ['p', 0, '<unknown>'],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'p', namespace: 'default' } },
    });
    expect((toTable(res, [pod], { includeObject: 'Object', now: NOW }).rows as { object: unknown }[])[0].object).toBe(pod);
    expect((toTable(res, [pod], { includeObject: 'None', now: NOW }).rows as object[])[0]).toEqual({ cells: ['p', 0, '<unknown>'] });
  });

  it('prints workloads', () => {
    const template = { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] } };
    const deployment = {
      metadata: { name: 'web', creationTimestamp: ago(30) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    const deployments = toTable(resource('apps', 'deployments', 'Deployment'), [deployment], { includeObject: 'None', now: NOW });
    expect(headersOf(deployments)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', '(Containers)', '(Images)', '(Selector)']);
    expect(cellsOf(deployments)).toEqual([['web', '2/3', 3, 2, '30s', 'nginx,side', 'nginx:1.27,busybox', 'app=web,tier in (a,b)']]);

    const job = { metadata: { name: 'j', creationTimestamp: ago(600) }, spec: { completions: 2, template },
      status: { succeeded: 2, startTime: ago(600), completionTime: ago(540), conditions: [{ type: 'Complete', status: 'True' }] } };
    const jobs = toTable(resource('batch', 'jobs', 'Job'), [job], { includeObject: 'None', now: NOW });
    expect(headersOf(jobs)).toEqual(['Name', 'Status', 'Completions', 'Duration', 'Age', '(Containers)', '(Images)', '(Selector)']);
    expect(cellsOf(jobs)).toEqual([['j', 'Complete', '2/2', '60s', '10m', 'nginx,side', 'nginx:1.27,busybox', '<none>']]);

    const cronJob = { metadata: { name: 'c', creationTimestamp: ago(7200) }, spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'x' }], lastScheduleTime: ago(90) } };
    expect(cellsOf(toTable(resource('batch', 'cronjobs', 'CronJob'), [cronJob], { includeObject: 'None', now: NOW }))).toEqual([
      ['c', '*/5 * * * *', '<none>', 'False', 1, '90s', '120m', 'nginx,side', 'nginx:1.27,busybox', '<none>'],
    ]);
  });

  it('prints services, nodes, namespaces and secrets', () => {
    const services = [
      { metadata: { name: 'a', creationTimestamp: ago(1) }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }], selector: { k: 'v' } } },
      { metadata: { name: 'b', creationTimestamp: ago(1) }, spec: { type: 'LoadBalancer', clusterIP: '10.96.0.11', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } },
      { metadata: { name: 'c', creationTimestamp: ago(1) }, spec: { type: 'ExternalName', externalName: 'example.com' } },
    ];
    const table = toTable(resource('', 'services', 'Service'), services, { includeObject: 'None', now: NOW });
    expect(headersOf(table)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', '(Selector)']);
    expect(cellsOf(table)).toEqual([
      ['a', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '1s', 'k=v'],
      ['b', 'LoadBalancer', '10.96.0.11', '<pending>', '80:30080/TCP', '1s', '<none>'],
      ['c', 'ExternalName', '<none>', 'example.com', '<none>', '1s', '<none>'],
    ]);
    const node = {
      metadata: { name: 'n1', creationTimestamp: ago(86400 * 2), labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'edge' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' }, addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] },
    };
    expect(cellsOf(toTable(resource('', 'nodes', 'Node'), [node], { includeObject: 'None', now: NOW }))).toEqual([
      ['n1', 'Ready,SchedulingDisabled', 'control-plane,edge', '2d', 'v1.32.0', '10.0.0.1', '<none>', '<none>', '<none>', '<none>'],
    ]);
    expect(cellsOf(toTable(resource('', 'namespaces', 'Namespace'), [{ metadata: { name: 'default', creationTimestamp: ago(9) }, status: { phase: 'Active' } }], { includeObject: 'None', now: NOW }))).toEqual([
      ['default', 'Active', '9s'],
    ]);
    expect(cellsOf(toTable(resource('', 'secrets', 'Secret'), [{ metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==', b: 'eQ==' } }], { includeObject: 'None', now: NOW }))).toEqual([
      ['s', 'Opaque', 2, '<unknown>'],
    ]);
  });

  it('prints RBAC bindings, storage classes, autoscalers, budgets, slices and events', () => {
    const binding = { metadata: { name: 'admins', creationTimestamp: ago(60) }, roleRef: { kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'User', name: 'ana' }, { kind: 'Group', name: 'ops' }, { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' }, { kind: 'User', name: 'bo' }] };
    const bindings = toTable(resource('rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding'), [binding], { includeObject: 'None', now: NOW });
    expect(headersOf(bindings)).toEqual(['Name', 'Role', 'Age', '(Users)', '(Groups)', '(ServiceAccounts)']);
    expect(cellsOf(bindings)).toEqual([['admins', 'ClusterRole/admin', '60s', 'ana, bo', 'ops', 'ci/bot']]);

    const storageClass = { metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'engenho.io/local' };
    expect(cellsOf(toTable(resource('storage.k8s.io', 'storageclasses', 'StorageClass'), [storageClass], { includeObject: 'None', now: NOW }))).toEqual([
      ['fast (default)', 'engenho.io/local', 'Delete', 'Immediate', false, '<unknown>'],
    ]);

    const hpa = { metadata: { name: 'web' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20 } } }] } };
    expect(cellsOf(toTable(resource('autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'), [hpa], { includeObject: 'None', now: NOW }))).toEqual([
      ['web', 'Deployment/web', 'cpu: 20%/50%', '1', 5, 2, '<unknown>'],
    ]);

    const pdb = { metadata: { name: 'db' }, spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } };
    expect(cellsOf(toTable(resource('policy', 'poddisruptionbudgets', 'PodDisruptionBudget'), [pdb], { includeObject: 'None', now: NOW }))).toEqual([
      ['db', '50%', 'N/A', 1, '<unknown>'],
    ]);

    const slice = { metadata: { name: 'web-abc' }, addressType: 'IPv4', ports: [{ port: 80 }, { port: 443 }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }, { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4'] }] };
    expect(cellsOf(toTable(resource('discovery.k8s.io', 'endpointslices', 'EndpointSlice'), [slice], { includeObject: 'None', now: NOW }))).toEqual([
      ['web-abc', 'IPv4', '80,443', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '<unknown>'],
    ]);

    const coreEvent = { metadata: { name: 'web.1' }, type: 'Normal', reason: 'Scheduled', message: 'Assigned ', count: 3,
      firstTimestamp: ago(600), lastTimestamp: ago(30), involvedObject: { kind: 'Pod', name: 'web' }, source: { component: 'scheduler' } };
    const events = toTable(resource('', 'events', 'Event'), [coreEvent], { includeObject: 'None', now: NOW });
    expect(headersOf(events)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', '(Subobject)', '(Source)', 'Message', '(First Seen)', '(Count)', '(Name)']);
    expect(cellsOf(events)).toEqual([['30s', 'Normal', 'Scheduled', 'pod/web', '', 'scheduler', 'Assigned', '10m', 3, 'web.1']]);
    const newEvent = { metadata: { name: 'web.2' }, type: 'Warning', reason: 'BackOff', note: 'restarting', regarding: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{c}' },
      eventTime: ago(5), reportingController: 'kubelet', reportingInstance: 'node-1' };
    expect(cellsOf(toTable(resource('events.k8s.io', 'events', 'Event'), [newEvent], { includeObject: 'None', now: NOW }))).toEqual([
      ['5s', 'Warning', 'BackOff', 'pod/web', 'spec.containers{c}', 'kubelet, node-1', 'restarting', '5s', 1, 'web.2'],
    ]);
  });

  it('prints CRD printer columns from JSONPaths with their types', () => {
    const columns: PrinterColumn[] = [
      { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio', priority: 1 },
      { name: 'On', type: 'boolean', jsonPath: '.spec.on' },
      { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
      { name: 'Started', type: 'date', jsonPath: '.status.startedAt' },
      { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
    ];
    const widget = {
      metadata: { name: 'w1', creationTimestamp: ago(3) },
      spec: { size: 3, ratio: 0.5, on: true, tags: ['a', 'b'] },
      status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }], startedAt: ago(125) },
    };
    const table = toTable(resource('example.com', 'widgets', 'Widget', columns), [widget], { includeObject: 'None', now: NOW });
    expect(headersOf(table)).toEqual(['Name', 'Size', 'Ready', '(Ratio)', 'On', 'Tags', 'Started', 'Missing']);
    expect(cellsOf(table)).toEqual([['w1', 3, 'True', 0.5, true, '["a","b"]', '2m5s', null]]);
    const plain = toTable(resource('example.com', 'widgets', 'Widget', []), [widget], { includeObject: 'None', now: NOW });
    expect(headersOf(plain)).toEqual(['Name', 'Age']);
    expect(cellsOf(plain)).toEqual([['w1', '3s']]);
  });
});
