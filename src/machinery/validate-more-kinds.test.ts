import { describe, expect, it } from 'vitest';
import { fieldErrorText } from './field-errors.js';
import { validateBuiltin, validateBuiltinUpdate } from './validate-builtins.js';
import { podUpdateForbiddenMessage } from './validate-pod-update.js';

const texts = (group: string, kind: string, obj: unknown) => validateBuiltin({ group, kind }, obj).map(fieldErrorText);
const RBAC = 'rbac.authorization.k8s.io';

describe('pod updates', () => {
  const POD = { group: '', kind: 'Pod' };
  const pod = (spec: Record<string, unknown>) => ({
    metadata: { name: 'p', namespace: 'd' },
    spec: { containers: [{ name: 'c', image: 'nginx:1' }], restartPolicy: 'Always', tolerations: [{ key: 'a', operator: 'Exists' }], ...spec },
  });

  it('images, lower deadlines and added tolerations may change', () => {
    const old = pod({ activeDeadlineSeconds: 100 });
    const updated = pod({
      containers: [{ name: 'c', image: 'nginx:2' }],
      activeDeadlineSeconds: 50,
      tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }],
    });
    expect(validateBuiltinUpdate(POD, updated, old)).toEqual([]);
  });

  it('anything else is forbidden, with upstream message and the changed fields', () => {
    const errors = validateBuiltinUpdate(POD, pod({ restartPolicy: 'Never', containers: [{ name: 'c', image: 'nginx:1', args: ['x'] }] }), pod({}));
    expect(errors.map(fieldErrorText)).toEqual([`spec: Forbidden: ${podUpdateForbiddenMessage}\n  changed: spec.containers, spec.restartPolicy`]);
  });

  it('deadlines may not grow and tolerations may not be removed', () => {
    const errors = validateBuiltinUpdate(POD, pod({ activeDeadlineSeconds: 200, tolerations: [] }), pod({ activeDeadlineSeconds: 100 }));
    expect(errors.map(fieldErrorText)).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });
});

describe('rbac', () => {
  it('policy rules', () => {
    expect(texts(RBAC, 'Role', { metadata: { name: 'r', namespace: 'd' }, rules: [{ resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }] })).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    ]);
    expect(texts(RBAC, 'ClusterRole', { metadata: { name: 'system:x' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }, { verbs: ['*'], apiGroups: [''], resources: ['*'] }] })).toEqual([]);
  });

  it('bindings: role references and subjects', () => {
    expect(
      texts(RBAC, 'ClusterRoleBinding', {
        metadata: { name: 'b' },
        roleRef: { apiGroup: RBAC, kind: 'Role', name: 'r' },
        subjects: [{ kind: 'ServiceAccount', name: 'sa' }, { kind: 'User', name: 'u' }, { kind: 'Robot', name: 'x' }],
      }),
    ).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
      'subjects[1].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
      'subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
    const binding = (name: string) => ({ metadata: { name: 'b', namespace: 'd' }, roleRef: { apiGroup: RBAC, kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] });
    expect(texts(RBAC, 'RoleBinding', binding('r'))).toEqual([]);
    expect(validateBuiltinUpdate({ group: RBAC, kind: 'RoleBinding' }, binding('other'), binding('r')).map(fieldErrorText)).toEqual([
      'roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"other"}: cannot change roleRef',
    ]);
  });
});

describe('networking', () => {
  const ingress = (spec: unknown) => ({ metadata: { name: 'i', namespace: 'd' }, spec });
  it('ingress paths need a type, an absolute path and one backend', () => {
    expect(
      texts('networking.k8s.io', 'Ingress', ingress({
        rules: [{
          host: 'example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: 'api', pathType: 'Exact', backend: { service: { name: 'api', port: {} } } },
              { path: '/x', backend: { service: { name: 'x', port: { name: 'http' } } } },
            ],
          },
        }],
      })),
    ).toEqual([
      'spec.rules[0].http.paths[1].path: Invalid value: "api": must be an absolute path',
      'spec.rules[0].http.paths[1].backend.service.port: Required value: port name or number is required',
      'spec.rules[0].http.paths[2].pathType: Required value: pathType must be specified',
    ]);
    expect(texts('networking.k8s.io', 'Ingress', ingress({}))).toEqual(['spec.rules: Invalid value: []: either `defaultBackend` or `rules` must be specified']);
  });

  it('network policy types and ports', () => {
    expect(texts('networking.k8s.io', 'NetworkPolicy', { metadata: { name: 'n', namespace: 'd' }, spec: { podSelector: {}, policyTypes: ['Sideways'], ingress: [{ ports: [{ protocol: 'ICMP', port: 0 }] }] } })).toEqual([
      'spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });
});

describe('persistent volume claims', () => {
  const claim = (spec: unknown) => ({ metadata: { name: 'c', namespace: 'd' }, spec });
  it('need access modes and a storage request', () => {
    expect(texts('', 'PersistentVolumeClaim', claim({}))).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
  });

  it('only the storage request may change', () => {
    const spec = (storage: string, mode = 'ReadWriteOnce') => ({ accessModes: [mode], resources: { requests: { storage } } });
    expect(validateBuiltinUpdate({ group: '', kind: 'PersistentVolumeClaim' }, claim(spec('2Gi')), claim(spec('1Gi')))).toEqual([]);
    expect(validateBuiltinUpdate({ group: '', kind: 'PersistentVolumeClaim' }, claim(spec('1Gi', 'ReadWriteMany')), claim(spec('1Gi'))).map(fieldErrorText)).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
  });
});
