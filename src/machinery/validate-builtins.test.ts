import { describe, expect, it } from 'vitest';
import { applyBuiltinDefaults } from './builtin-defaults.js';
import { invalid } from './errors.js';
import { fieldErrorText } from './field-errors.js';
import { validateBuiltin, validateBuiltinUpdate } from './validate-builtins.js';

const pod = (spec: unknown, metadata: Record<string, unknown> = { name: 'p', namespace: 'default' }) => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
const texts = (kind: { group: string; kind: string }, obj: unknown) => validateBuiltin(kind, obj).map(fieldErrorText);
const POD = { group: '', kind: 'Pod' };

describe('metadata', () => {
  it('names per kind', () => {
    expect(texts(POD, pod({ containers: [{ name: 'c', image: 'i' }] }, { name: 'Bad_Name', namespace: 'default' }))).toEqual([
      'metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ]);
    expect(texts({ group: '', kind: 'Namespace' }, { metadata: { name: 'a.b' } })[0]).toMatch(/^metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label/);
    expect(texts({ group: '', kind: 'Service' }, { metadata: { name: '1svc', namespace: 'd' }, spec: { ports: [{ port: 80 }] } })[0]).toMatch(
      /^metadata.name: Invalid value: "1svc": a DNS-1035 label/,
    );
    expect(texts({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }, { metadata: { name: 'system:admin' } })).toEqual([]);
  });

  it('name or generateName is required; generateName may end with a dash', () => {
    expect(texts({ group: '', kind: 'ConfigMap' }, { metadata: { namespace: 'd' } })).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(texts({ group: '', kind: 'ConfigMap' }, { metadata: { generateName: 'web-', namespace: 'd' } })).toEqual([]);
  });

  it('namespace required for namespaced kinds and forbidden for cluster-scoped ones', () => {
    expect(texts({ group: '', kind: 'ConfigMap' }, { metadata: { name: 'c' } })).toEqual(['metadata.namespace: Required value']);
    expect(texts({ group: '', kind: 'Namespace' }, { metadata: { name: 'n', namespace: 'x' } })).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('owner references', () => {
    expect(texts({ group: '', kind: 'ConfigMap' }, {
      metadata: { name: 'c', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/', kind: 'ReplicaSet', name: 'r' }] },
    })).toEqual([
      'metadata.ownerReferences[0].apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences[0].uid: Invalid value: "": uid must not be empty',
    ]);
  });

  it('labels and annotations', () => {
    const errors = texts({ group: '', kind: 'ConfigMap' }, {
      metadata: { name: 'c', namespace: 'd', labels: { 'bad key': 'v', ok: 'bad value' }, annotations: { big: 'x'.repeat(256 * 1024) } },
    });
    expect(errors).toEqual([
      expect.stringMatching(/^metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters/),
      expect.stringMatching(/^metadata.labels: Invalid value: "bad value": a valid label must be an empty string/),
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });
});

describe('pods', () => {
  it('a defaulted minimal pod is valid', () => {
    expect(texts(POD, applyBuiltinDefaults(POD, pod({ containers: [{ name: 'c', image: 'nginx' }] })))).toEqual([]);
  });

  it('needs containers with name and image, as upstream words it', () => {
    expect(texts(POD, pod({}))).toEqual(['spec.containers: Required value']);
    const error = invalid('Pod', 'p', validateBuiltin(POD, pod({ containers: [{ name: 'c' }] })));
    expect(error.message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    expect(texts(POD, pod({ containers: [{ image: 'x' }, { name: 'Web', image: 'x' }, { name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }))).toEqual([
      'spec.containers[0].name: Required value',
      expect.stringMatching(/^spec.containers\[1\].name: Invalid value: "Web": a lowercase RFC 1123 label/),
      'spec.containers[3].name: Duplicate value: "a"',
    ]);
  });

  it('ports, policies, mounts', () => {
    expect(
      texts(POD, pod({
        restartPolicy: 'Sometimes',
        containers: [{
          name: 'c',
          image: 'x',
          imagePullPolicy: 'Maybe',
          ports: [{ containerPort: 70000, protocol: 'TCP' }, { protocol: 'ICMP', containerPort: 80 }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'cache' }],
        }],
        volumes: [{ name: 'cache', emptyDir: {} }],
      })),
    ).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
      'spec.containers[0].volumeMounts[1].mountPath: Required value',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });
});

describe('container resources', () => {
  it('quantities parse, are not negative, and requests fit limits', () => {
    const resources = { limits: { cpu: '1', memory: 'lots' }, requests: { cpu: '1500m', memory: '-1' } };
    expect(texts(POD, pod({ containers: [{ name: 'c', image: 'x', resources }] }))).toEqual([
      "spec.containers[0].resources.limits[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.requests[cpu]: Invalid value: "1500m": must be less than or equal to cpu limit of 1',
    ]);
  });
});

describe('workloads', () => {
  const DEPLOYMENT = { group: 'apps', kind: 'Deployment' };
  const deployment = (spec: unknown) => ({ metadata: { name: 'web', namespace: 'default' }, spec });
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

  it('a valid deployment passes', () => {
    expect(texts(DEPLOYMENT, applyBuiltinDefaults(DEPLOYMENT, deployment({ selector: { matchLabels: { app: 'web' } }, template })))).toEqual([]);
  });

  it('selector must exist and match the template labels', () => {
    expect(texts(DEPLOYMENT, deployment({ template }))).toEqual(['spec.selector: Required value']);
    const error = invalid({ group: 'apps', kind: 'Deployment' }, 'web', validateBuiltin(DEPLOYMENT, deployment({ selector: { matchLabels: { app: 'db' } }, template })));
    expect(error.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
    expect(texts(DEPLOYMENT, deployment({ selector: {}, template }))).toEqual(['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
  });

  it('replicas, strategy and template restart policy', () => {
    expect(
      texts(DEPLOYMENT, deployment({
        replicas: -1,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } },
        template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } },
      })),
    ).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it('jobs need OnFailure or Never; cron jobs need a schedule', () => {
    const JOB = { group: 'batch', kind: 'Job' };
    const job = applyBuiltinDefaults(JOB, { metadata: { name: 'j', namespace: 'd' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } });
    expect(texts(JOB, job)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
    const CRON = { group: 'batch', kind: 'CronJob' };
    expect(texts(CRON, { metadata: { name: 'c', namespace: 'd' }, spec: { schedule: 'often', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } } } })).toEqual([
      'spec.schedule: Invalid value: "often": expected exactly 5 fields, found 1: often',
    ]);
    expect(texts(CRON, { metadata: { name: 'c', namespace: 'd' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'x' }] } } } } } })).toEqual([]);
  });
});

describe('services, config maps and secrets', () => {
  const SERVICE = { group: '', kind: 'Service' };
  it('service ports', () => {
    expect(texts(SERVICE, { metadata: { name: 's', namespace: 'd' }, spec: {} })).toEqual(['spec.ports: Required value']);
    expect(texts(SERVICE, { metadata: { name: 's', namespace: 'd' }, spec: { type: 'Magic', ports: [{ port: 0 }, { name: 'b', port: 80, targetPort: 'Not_A_Name' }] } })).toEqual([
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      'spec.ports[0].name: Required value',
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: "Not_A_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
    expect(texts(SERVICE, { metadata: { name: 's', namespace: 'd' }, spec: { clusterIP: 'None' } })).toEqual([]);
  });

  it('config keys and secret types', () => {
    expect(texts({ group: '', kind: 'ConfigMap' }, { metadata: { name: 'c', namespace: 'd' }, data: { 'bad key': 'x', ok: 'y' }, binaryData: { ok: 'eQ==' } })).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'binaryData[ok]: Invalid value: "ok": duplicate of key present in data',
    ]);
    expect(texts({ group: '', kind: 'Secret' }, { metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } })).toEqual([
      'data[tls.key]: Required value',
    ]);
  });
});

describe('updates', () => {
  it('selectors, cluster IPs and immutable config maps may not change', () => {
    const DEPLOYMENT = { group: 'apps', kind: 'Deployment' };
    const template = { metadata: { labels: { app: 'web', v: '2' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const old = { metadata: { name: 'web', namespace: 'd' }, spec: { selector: { matchLabels: { app: 'web' } }, template } };
    const changed = { ...old, spec: { ...old.spec, selector: { matchLabels: { app: 'web', v: '2' } } } };
    expect(validateBuiltinUpdate(DEPLOYMENT, changed, old).map(fieldErrorText)).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable',
    ]);
    const service = (clusterIP: string) => ({ metadata: { name: 's', namespace: 'd' }, spec: { clusterIP, ports: [{ port: 80 }] } });
    expect(validateBuiltinUpdate({ group: '', kind: 'Service' }, service('10.0.0.2'), service('10.0.0.1')).map(fieldErrorText)).toEqual([
      'spec.clusterIP: Invalid value: "10.0.0.2": field is immutable',
    ]);
    const cm = (value: string) => ({ metadata: { name: 'c', namespace: 'd' }, immutable: true, data: { a: value } });
    expect(validateBuiltinUpdate({ group: '', kind: 'ConfigMap' }, cm('2'), cm('1')).map(fieldErrorText)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});
