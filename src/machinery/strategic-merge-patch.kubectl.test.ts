// Differential test: our strategic merge patch against kubectl's own (upstream Go) implementation,
// run offline with `kubectl patch --local`, on a Deployment with the real built-in catalog.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { definition, definitionNameForKind, resolveRef } from '../api/index.js';
import type { SchemaNode } from '../api/schema-types.js';
import { createSchemaWalker } from './schema-walk.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const run = promisify(execFile);
const walker = createSchemaWalker((ref) => definition(ref));
const schema = resolveRef({ $ref: definitionNameForKind('apps', 'v1', 'Deployment') ?? '' }) as SchemaNode;

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['a/b'] },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1', args: ['-x'], ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'sidecar', image: 'busybox' },
        ],
        tolerations: [{ key: 'a', operator: 'Exists' }],
        volumes: [{ name: 'v', hostPath: { path: '/x' } }],
      },
    },
  },
};

const patches: Record<string, unknown> = {
  'new container': { spec: { template: { spec: { containers: [{ name: 'new', image: 'x' }] } } } },
  'patched then new container': { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'y' }, { name: 'new', image: 'x' }] } } } },
  'env merged by name': { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'C', value: '3' }, { name: 'A', value: '9' }] }] } } } },
  'container deleted': { spec: { template: { spec: { containers: [{ name: 'nginx', $patch: 'delete' }] } } } },
  'containers replaced': { spec: { template: { spec: { containers: [{ name: 'only', image: 'o' }, { $patch: 'replace' }] } } } },
  'element order set': { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }], containers: [{ name: 'nginx', image: 'n2' }] } } } },
  'args replaced, ports merged': { spec: { template: { spec: { containers: [{ name: 'nginx', args: ['-y'], ports: [{ containerPort: 443, protocol: 'TCP' }] }] } } } },
  'finalizer added': { metadata: { finalizers: ['c/d'] } },
  'finalizers reordered': { metadata: { finalizers: ['c/d', 'a/b'] } },
  'finalizer deleted from primitive list': { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/b'] } },
  'label removed and added': { metadata: { labels: { app: null, tier: 'x' } } },
  'strategy retainKeys': { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
  'strategy null field': { spec: { strategy: { type: 'Recreate', rollingUpdate: null } } },
  'volume source switched with retainKeys': { spec: { template: { spec: { volumes: [{ name: 'v', emptyDir: {}, $retainKeys: ['emptyDir', 'name'] }] } } } },
  'tolerations replaced': { spec: { template: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } } } },
  'volume added': { spec: { template: { spec: { volumes: [{ name: 'w', emptyDir: {} }] } } } },
  'env deleted': { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'A', $patch: 'delete' }] }] } } } },
  'new container placed by element order': {
    spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'new' }, { name: 'nginx' }, { name: 'sidecar' }], containers: [{ name: 'new', image: 'z' }] } } },
  },
};

/** JSON with object keys sorted (Go prints struct fields in declaration order), list order kept. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The parts kubectl's typed round trip does not decorate (it adds creationTimestamp: null, resources: {}, ...). */
function comparable(obj: any): unknown {
  const spec = obj.spec.template.spec;
  return {
    labels: obj.metadata.labels,
    finalizers: obj.metadata.finalizers,
    replicas: obj.spec.replicas,
    strategy: obj.spec.strategy,
    containers: spec.containers.map((c: any) => ({ name: c.name, image: c.image, args: c.args, env: c.env, ports: c.ports })),
    tolerations: spec.tolerations,
    volumes: spec.volumes,
  };
}

const directory = mkdtempSync(join(tmpdir(), 'smp-kubectl-'));
const file = join(directory, 'deployment.json');
writeFileSync(file, JSON.stringify(deployment));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('strategic merge patch agrees with kubectl patch --local', () => {
  it('on every case', async () => {
    const entries = Object.entries(patches);
    const upstream = await Promise.all(
      entries.map(async ([, patch]) => {
        const { stdout } = await run('kubectl', ['patch', '--local', '-f', file, '--type', 'strategic', '-p', JSON.stringify(patch), '-o', 'json']);
        return JSON.parse(stdout) as unknown;
      }),
    );
    const mismatches = entries
      .map(([name, patch], index) => ({ name, kubectl: canonical(comparable(upstream[index])), ours: canonical(comparable(applyStrategicMergePatch(deployment, patch, schema, walker))) }))
      .filter((result) => result.kubectl !== result.ours);
    expect(mismatches).toEqual([]);
  });
});
