import { describe, expect, it } from 'vitest';
import { applyBuiltinDefaults, hasBuiltinDefaults } from './builtin-defaults.js';
import { defaultImagePullPolicy } from './pod-defaults.js';

const defaultedContainer = (name: string, image: string, imagePullPolicy: string) => ({
  name,
  image,
  imagePullPolicy,
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});

const defaultedPodSpec = (containers: unknown[]) => ({
  containers,
  dnsPolicy: 'ClusterFirst',
  enableServiceLinks: true,
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

describe('pod defaults', () => {
  it('a minimal pod gets what kubectl get -o yaml shows', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    expect(applyBuiltinDefaults({ group: '', kind: 'Pod' }, pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: defaultedPodSpec([defaultedContainer('c', 'nginx', 'Always')]),
    });
    expect(pod.spec).toEqual({ containers: [{ name: 'c', image: 'nginx' }] });
  });

  it('imagePullPolicy follows the tag', () => {
    expect(defaultImagePullPolicy('nginx')).toBe('Always');
    expect(defaultImagePullPolicy('nginx:latest')).toBe('Always');
    expect(defaultImagePullPolicy('nginx:1.27')).toBe('IfNotPresent');
    expect(defaultImagePullPolicy('localhost:5000/nginx')).toBe('Always');
    expect(defaultImagePullPolicy('localhost:5000/nginx:v1')).toBe('IfNotPresent');
    expect(defaultImagePullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
  });

  it('ports, probes, env field refs, requests from limits, volumes, host network ports', () => {
    const pod = {
      spec: {
        hostNetwork: true,
        restartPolicy: 'Never',
        containers: [
          {
            name: 'c',
            image: 'app:1',
            ports: [{ containerPort: 8080 }],
            livenessProbe: { httpGet: { port: 8080 } },
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
          },
        ],
        volumes: [{ name: 'a' }, { name: 'b', configMap: { name: 'cm' } }, { name: 'c', secret: { secretName: 's' } }, { name: 'd', hostPath: { path: '/x' } }],
      },
    };
    const spec = applyBuiltinDefaults({ group: '', kind: 'Pod' }, pod).spec as Record<string, unknown>;
    expect(spec.restartPolicy).toBe('Never');
    expect((spec.containers as unknown[])[0]).toEqual({
      name: 'c',
      image: 'app:1',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }],
      livenessProbe: { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }],
      resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
    });
    expect(spec.volumes).toEqual([
      { name: 'a', emptyDir: {} },
      { name: 'b', configMap: { name: 'cm', defaultMode: 420 } },
      { name: 'c', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'd', hostPath: { path: '/x', type: '' } },
    ]);
  });
});

describe('workload defaults', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
  const defaultedTemplate = {
    metadata: { labels: { app: 'web' } },
    spec: defaultedPodSpec([defaultedContainer('web', 'nginx:1.27', 'IfNotPresent')]),
  };

  it('Deployment', () => {
    const deployment = { spec: { selector: { matchLabels: { app: 'web' } }, template } };
    expect(applyBuiltinDefaults({ group: 'apps', kind: 'Deployment' }, deployment)).toEqual({
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: defaultedTemplate,
      },
    });
    const recreate = applyBuiltinDefaults({ group: 'apps', kind: 'Deployment' }, { spec: { replicas: 0, strategy: { type: 'Recreate' }, template } });
    expect(recreate.spec.strategy).toEqual({ type: 'Recreate' });
    expect(recreate.spec.replicas).toBe(0);
  });

  it('ReplicaSet, StatefulSet and DaemonSet', () => {
    expect(applyBuiltinDefaults({ group: 'apps', kind: 'ReplicaSet' }, { spec: { template } })).toEqual({ spec: { replicas: 1, template: defaultedTemplate } });
    expect(applyBuiltinDefaults({ group: 'apps', kind: 'StatefulSet' }, { spec: { serviceName: 's', template } })).toEqual({
      spec: {
        serviceName: 's',
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: defaultedTemplate,
      },
    });
    expect(applyBuiltinDefaults({ group: 'apps', kind: 'DaemonSet' }, { spec: { template } })).toEqual({
      spec: {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
        template: defaultedTemplate,
      },
    });
  });

  it('Job and CronJob', () => {
    const jobTemplate = { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1' }] } };
    const job = applyBuiltinDefaults({ group: 'batch', kind: 'Job' }, { spec: { template: jobTemplate } });
    expect({ ...job.spec, template: undefined }).toEqual({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      template: undefined,
    });
    expect((job.spec.template.spec as Record<string, unknown>).restartPolicy).toBe('Never');
    const parallelOnly = applyBuiltinDefaults({ group: 'batch', kind: 'Job' }, { spec: { parallelism: 3, template: jobTemplate } });
    expect([parallelOnly.spec.parallelism, (parallelOnly.spec as Record<string, unknown>).completions]).toEqual([3, undefined]);
    const cron = applyBuiltinDefaults({ group: 'batch', kind: 'CronJob' }, { spec: { schedule: '* * * * *', jobTemplate: { spec: { template: jobTemplate } } } });
    expect({ ...cron.spec, jobTemplate: undefined }).toEqual({
      schedule: '* * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: undefined,
    });
    expect(cron.spec.jobTemplate.spec.template.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', restartPolicy: 'Never' });
  });
});

describe('core and other kinds', () => {
  it('Service', () => {
    expect(applyBuiltinDefaults({ group: '', kind: 'Service' }, { spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] } })).toEqual({
      spec: {
        selector: { app: 'web' },
        ports: [
          { port: 80, protocol: 'TCP', targetPort: 80 },
          { port: 53, protocol: 'UDP', targetPort: 'dns' },
        ],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
      },
      status: { loadBalancer: {} },
    });
    const lb = applyBuiltinDefaults({ group: '', kind: 'Service' }, { spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 443 }] } });
    expect(lb.spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    });
    const external = applyBuiltinDefaults({ group: '', kind: 'Service' }, { spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect(external.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });

  it('Namespace', () => {
    expect(applyBuiltinDefaults({ group: '', kind: 'Namespace' }, { metadata: { name: 'dev' } })).toEqual({
      metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('StorageClass and EndpointSlice', () => {
    expect(applyBuiltinDefaults({ group: 'storage.k8s.io', kind: 'StorageClass' }, { provisioner: 'x' })).toEqual({
      provisioner: 'x',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    expect(applyBuiltinDefaults({ group: 'discovery.k8s.io', kind: 'EndpointSlice' }, { addressType: 'IPv4', ports: [{ port: 80 }] })).toEqual({
      addressType: 'IPv4',
      ports: [{ port: 80, name: '', protocol: 'TCP' }],
    });
  });

  it('Secret, ConfigMap, PVC, RoleBinding', () => {
    expect(applyBuiltinDefaults({ group: '', kind: 'Secret' }, { data: {} })).toEqual({ data: {}, type: 'Opaque' });
    expect(hasBuiltinDefaults({ group: '', kind: 'ConfigMap' })).toBe(false);
    expect(applyBuiltinDefaults({ group: '', kind: 'ConfigMap' }, { data: { a: 'b' } })).toEqual({ data: { a: 'b' } });
    expect(applyBuiltinDefaults({ group: '', kind: 'PersistentVolumeClaim' }, { spec: { accessModes: ['ReadWriteOnce'] } })).toEqual({
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    expect(
      applyBuiltinDefaults({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' }, { subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 's' }] }),
    ).toEqual({ subjects: [{ kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 's' }] });
  });
});
