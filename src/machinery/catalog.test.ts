// The machinery against the real generated catalog of built-in schemas.
import { describe, expect, it } from 'vitest';
import { definition, definitionNameForKind, resolveRef } from '../api/index.js';
import type { SchemaNode } from '../api/schema-types.js';
import { applyBuiltinDefaults } from './builtin-defaults.js';
import { fieldErrorText } from './field-errors.js';
import { createSchemaWalker } from './schema-walk.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { validateAgainstSchema } from './validate.js';
import { validateBuiltin } from './validate-builtins.js';

const walker = createSchemaWalker((ref) => definition(ref));

function schemaFor(group: string, version: string, kind: string): SchemaNode {
  const name = definitionNameForKind(group, version, kind);
  if (name === undefined) throw new Error(`no definition for ${kind}`);
  const node = resolveRef({ $ref: name });
  if (node === undefined) throw new Error(`unresolvable ${name}`);
  return node;
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: '0b5c9d1e-0000-4000-8000-000000000001',
    resourceVersion: '12',
    generation: 1,
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '1' },
    managedFields: [
      { manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', time: '2024-05-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    ],
  },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            env: [{ name: 'A', value: '1' }],
          },
          { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
        ],
      },
    },
  },
  status: { replicas: 1, conditions: [{ type: 'Available', status: 'True', lastUpdateTime: '2024-05-01T10:00:05Z' }] },
};

describe('validation against the built-in catalog', () => {
  const schema = schemaFor('apps', 'v1', 'Deployment');

  it('a real defaulted Deployment is valid in Strict mode and semantically', () => {
    const defaulted = applyBuiltinDefaults({ group: 'apps', kind: 'Deployment' }, deployment);
    expect(validateAgainstSchema(defaulted, schema, walker, { unknownFields: 'Strict' })).toEqual({ causes: [], warnings: [] });
    expect(validateBuiltin({ group: 'apps', kind: 'Deployment' }, defaulted)).toEqual([]);
  });

  it('typos are unknown fields and wrong types are named with their path', () => {
    const broken = structuredClone(deployment) as unknown as { spec: Record<string, unknown> & { template: { spec: { containers: Record<string, unknown>[] } } } };
    broken.spec.replicas = 'three';
    broken.spec.template.spec.containers[0].imagee = 'typo';
    const result = validateAgainstSchema(broken, schema, walker, { unknownFields: 'Strict' });
    // Causes come in the object's field order (replicas was added after template).
    expect(result.causes.map(fieldErrorText)).toEqual([
      'spec.template.spec.containers[0].imagee: unknown field "spec.template.spec.containers[0].imagee"',
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ]);
    expect(validateAgainstSchema(broken, schema, walker, { unknownFields: 'Warn' }).warnings).toEqual([
      'unknown field "spec.template.spec.containers[0].imagee"',
    ]);
  });

  it('duplicate container names violate the list-map keys', () => {
    const dup = structuredClone(deployment);
    dup.spec.template.spec.containers[1].name = 'web';
    expect(validateAgainstSchema(dup, schema, walker).causes.map(fieldErrorText)).toEqual([
      'spec.template.spec.containers[1]: Duplicate value: {"name":"web"}',
    ]);
  });

  it('int-or-string and quantities accept both forms', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          { name: 'c', image: 'x', resources: { requests: { cpu: 1, memory: '1Gi' } }, readinessProbe: { httpGet: { port: 'http' } }, livenessProbe: { tcpSocket: { port: 8080 } } },
        ],
      },
    };
    expect(validateAgainstSchema(pod, schemaFor('', 'v1', 'Pod'), walker, { unknownFields: 'Strict' }).causes).toEqual([]);
  });
});

describe('strategic merge patch with the built-in catalog', () => {
  const schema = schemaFor('apps', 'v1', 'Deployment');

  it('merges containers by name and env by name, replaces args', () => {
    const patched = applyStrategicMergePatch(
      deployment,
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28', env: [{ name: 'B', value: '2' }] }, { name: 'sidecar', args: ['sleep', '1'] }] } } } },
      schema,
      walker,
    );
    expect(patched.spec.template.spec.containers).toEqual([
      {
        name: 'web',
        image: 'nginx:1.28',
        ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: '500m', memory: '128Mi' } },
        env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }],
      },
      { name: 'sidecar', image: 'busybox', args: ['sleep', '1'] },
    ]);
  });

  it('strategy is retainKeys: switching to Recreate drops rollingUpdate', () => {
    const rolling = applyBuiltinDefaults({ group: 'apps', kind: 'Deployment' }, deployment);
    const patched = applyStrategicMergePatch(rolling, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, schema, walker);
    expect((patched.spec as Record<string, unknown>).strategy).toEqual({ type: 'Recreate' });
  });

  it('labels merge as a map; finalizers union as a set', () => {
    const patched = applyStrategicMergePatch(
      { ...deployment, metadata: { ...deployment.metadata, finalizers: ['a/b'] } },
      { metadata: { labels: { tier: 'front' }, finalizers: ['c/d'] } },
      schema,
      walker,
    );
    expect(patched.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    // Upstream's order rule: items only in the patch come before items only on the server.
    expect(patched.metadata.finalizers).toEqual(['c/d', 'a/b']);
  });
});
