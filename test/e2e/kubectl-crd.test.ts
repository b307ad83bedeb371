// A CustomResourceDefinition's whole life through the real kubectl: establish, discover, explain,
// create/validate/prune custom resources, printer columns, scale and status subresources, several
// versions, a names conflict, and deletion taking the custom resources with it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCluster, type TestCluster } from './kubectl-harness.js';

const CRONTAB_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct], categories: [all]}
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Image, type: string, jsonPath: .spec.image, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: The desired schedule and workload of the cron tab.
            required: [cronSpec]
            properties:
              cronSpec: {type: string, description: 'When to run, in cron syntax.', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
              image: {type: string}
              replicas: {type: integer, minimum: 1, maximum: 10}
              mode: {type: string, enum: [Fast, Slow], default: Slow}
              port: {x-kubernetes-int-or-string: true}
              extras: {type: object, x-kubernetes-preserve-unknown-fields: true}
          status:
            type: object
            properties:
              replicas: {type: integer}
`;

const cronTab = (name: string, spec: string) => `apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: ${name}}
spec: ${spec}
`;

let cluster: TestCluster;
const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('kubectl with a CustomResourceDefinition', () => {
  it('establishes the CRD and shows it in discovery', async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('crd.yaml', CRONTAB_CRD)]);
    await cluster.kubectlOk(['wait', '--for=condition=Established', '--timeout=20s', 'crd/crontabs.stable.example.com']);
    const status = JSON.parse(await cluster.kubectlOk(['get', 'crd', 'crontabs.stable.example.com', '-o', 'jsonpath={.status}']));
    expect(status.acceptedNames).toEqual({ plural: 'crontabs', singular: 'crontab', shortNames: ['ct'], kind: 'CronTab', listKind: 'CronTabList', categories: ['all'] });
    expect(status.storedVersions).toEqual(['v1']);
    expect(status.conditions.map((c: { type: string; status: string; reason: string }) => [c.type, c.status, c.reason])).toEqual([
      ['NamesAccepted', 'True', 'NoConflicts'],
      ['Established', 'True', 'InitialNamesAccepted'],
    ]);
    await waitFor(async () => {
      const resources = await cluster.kubectlOk(['api-resources', '--api-group=stable.example.com', '-o', 'wide']);
      expect(resources.split('\n')[1].split(/\s+/)).toEqual([
        'crontabs', 'ct', 'stable.example.com/v1', 'true', 'CronTab', 'delete,deletecollection,get,list,patch,create,update,watch', 'all',
      ]);
    });
    expect(await cluster.kubectlOk(['api-versions'])).toContain('stable.example.com/v1beta1\n');
    expect(await cluster.kubectlOk(['get', 'crd'])).toMatch(/^NAME\s+CREATED AT\ncrontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
  });

  it('explains the custom kind from its schema', async () => {
    const explained = await cluster.kubectlOk(['explain', 'crontab.spec']);
    expect(explained).toContain('GROUP:      stable.example.com\nKIND:       CronTab\nVERSION:    v1\n');
    expect(explained).toContain('The desired schedule and workload of the cron tab.');
    expect(explained).toMatch(/cronSpec\t<string> -required-\n\s+When to run, in cron syntax\./);
    expect(explained).toMatch(/mode\t<string>\n\s+enum: Fast, Slow\n/);
    expect(explained).toMatch(/port\t<(IntOrString|Object)>/);
  });

  it('creates custom resources and prints their columns', async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('a.yaml', cronTab('alpha', '{cronSpec: "* * * * */5", image: busybox, replicas: 2, port: 8080, extras: {free: form}}'))]);
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('b.yaml', cronTab('beta', '{cronSpec: "*/10 * * * *", port: http}'))]);
    const table = await cluster.kubectlOk(['get', 'ct']);
    // A missing value is a null cell, which kubectl prints blank (as for any CRD column).
    expect(table).toMatch(/^NAME {4}SPEC {11}REPLICAS {3}AGE\nalpha {3}\* \* \* \* \*\/5 {4}2 {10}\d+s\nbeta {4}\*\/10 \* \* \* \* {14}\d+s\n$/);
    const wide = await cluster.kubectlOk(['get', 'crontabs', '-o', 'wide']);
    expect(wide.split('\n')[0].split(/\s{2,}/)).toEqual(['NAME', 'SPEC', 'REPLICAS', 'IMAGE', 'AGE']);
    expect(await cluster.kubectlOk(['get', 'all', '-o', 'name'])).toContain('crontab.stable.example.com/alpha\ncrontab.stable.example.com/beta\n');
    const alpha = JSON.parse(await cluster.kubectlOk(['get', 'crontab', 'alpha', '-o', 'json']));
    // mode was not given: the schema's default fills it in.
    expect(alpha.spec).toEqual({ cronSpec: '* * * * */5', image: 'busybox', replicas: 2, port: 8080, extras: { free: 'form' }, mode: 'Slow' });
    expect(await cluster.kubectlOk(['get', 'crontab', 'beta', '-o', 'jsonpath={.spec.port}'])).toBe('http');
    // Client-side apply of a change: kubectl sends a JSON merge patch for custom resources.
    const changed = cluster.writeFile('b.yaml', cronTab('beta', '{cronSpec: "*/10 * * * *", port: 9090, image: alpine}'));
    expect(await cluster.kubectlOk(['apply', '-f', changed])).toBe('crontab.stable.example.com/beta configured\n');
    expect(await cluster.kubectlOk(['apply', '-f', changed])).toBe('crontab.stable.example.com/beta unchanged\n');
    expect(JSON.parse(await cluster.kubectlOk(['get', 'crontab', 'beta', '-o', 'jsonpath={.spec}']))).toEqual({ cronSpec: '*/10 * * * *', port: 9090, image: 'alpine', mode: 'Slow' });
    expect(await cluster.kubectlOk(['apply', '--server-side', '-f', changed])).toBe('crontab.stable.example.com/beta serverside-applied\n');
    expect(await cluster.kubectlOk(['label', 'crontab', 'beta', 'tier=batch'])).toBe('crontab.stable.example.com/beta labeled\n');
    const described = await cluster.kubectlOk(['describe', 'crontab', 'beta']);
    expect(described).toMatch(/^Name:\s+beta\nNamespace:\s+default\nLabels:\s+tier=batch\n/);
    expect(described).toMatch(/API Version:\s+stable\.example\.com\/v1\n/);
    expect(described).toMatch(/Kind:\s+CronTab\n/);
    expect(described).toMatch(/Spec:\n\s+Cron Spec:\s+\*\/10 \* \* \* \*\n/);
  });

  it('rejects a custom resource that breaks the schema, naming each field', async () => {
    const result = await cluster.kubectl(['apply', '-f', cluster.writeFile('bad.yaml', cronTab('broken', '{cronSpec: "not a cron", replicas: 20, mode: Medium}'))]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('The CronTab "broken" is invalid');
    expect(result.stderr).toContain('spec.cronSpec');
    expect(result.stderr).toContain('spec.replicas');
    expect(result.stderr).toContain('spec.mode');
    const missing = await cluster.kubectl(['apply', '-f', cluster.writeFile('missing.yaml', cronTab('missing', '{image: x}'))]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('spec.cronSpec: Required value');
    expect((await cluster.kubectl(['get', 'crontab', 'broken'])).code).not.toBe(0);
  });

  it('refuses unknown fields under strict validation and prunes them otherwise', async () => {
    const withUnknown = cluster.writeFile('unknown.yaml', cronTab('gamma', '{cronSpec: "* * * * *", color: blue}'));
    const strict = await cluster.kubectl(['apply', '-f', withUnknown]);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('unknown field "spec.color"');
    await cluster.kubectlOk(['apply', '--validate=false', '-f', withUnknown]);
    expect(JSON.parse(await cluster.kubectlOk(['get', 'crontab', 'gamma', '-o', 'jsonpath={.spec}']))).toEqual({ cronSpec: '* * * * *', mode: 'Slow' });
  });

  it('scales through the scale subresource and writes status through the status subresource', async () => {
    expect(await cluster.kubectlOk(['scale', 'crontab', 'alpha', '--replicas=4'])).toBe('crontab.stable.example.com/alpha scaled\n');
    expect(await cluster.kubectlOk(['get', 'crontab', 'alpha', '-o', 'jsonpath={.spec.replicas}'])).toBe('4');
    await cluster.kubectlOk(['patch', 'crontab', 'alpha', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":4}}']);
    expect(await cluster.kubectlOk(['get', 'crontab', 'alpha', '-o', 'jsonpath={.status.replicas}'])).toBe('4');
    // The main resource ignores status changes when the status subresource is on.
    await cluster.kubectlOk(['patch', 'crontab', 'alpha', '--type=merge', '-p', '{"status":{"replicas":1}}']);
    expect(await cluster.kubectlOk(['get', 'crontab', 'alpha', '-o', 'jsonpath={.status.replicas}'])).toBe('4');
  });

  it('serves every served version with none conversion', async () => {
    const old = JSON.parse(await cluster.kubectlOk(['get', 'crontabs.v1beta1.stable.example.com', 'alpha', '-o', 'json']));
    expect(old.apiVersion).toBe('stable.example.com/v1beta1');
    expect(old.spec.cronSpec).toBe('* * * * */5');
  });

  it('refuses names already taken in the group', async () => {
    const clash = CRONTAB_CRD.replace('name: crontabs.stable.example.com', 'name: crontimers.stable.example.com')
      .replace('plural: crontabs, singular: crontab, kind: CronTab', 'plural: crontimers, singular: crontimer, kind: CronTimer');
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('clash.yaml', clash)]);
    await waitFor(async () => {
      const conditions = JSON.parse(await cluster.kubectlOk(['get', 'crd', 'crontimers.stable.example.com', '-o', 'jsonpath={.status.conditions}']));
      expect(conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason, c.message])).toEqual([
        ['NamesAccepted', 'False', 'ShortNamesConflict', '"ct" is already in use'],
        ['Established', 'False', 'NotAccepted', 'not all names are accepted'],
      ]);
    });
    expect((await cluster.kubectl(['get', 'crontimers'])).code).not.toBe(0);
    await cluster.kubectlOk(['delete', 'crd', 'crontimers.stable.example.com']);
  });

  it('deletes the custom resources with their CRD', async () => {
    await cluster.kubectlOk(['delete', 'crd', 'crontabs.stable.example.com', '--timeout=30s']);
    expect(await cluster.kubectlOk(['get', 'crd'])).toBe('');
    await waitFor(async () => {
      const result = await cluster.kubectl(['get', 'crontabs']);
      // kubectl's discovery cache may still know the resource; either way the server has no such resource.
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/the server doesn't have a resource type "crontabs"|Unable to list "stable\.example\.com\/v1, Resource=crontabs": the server could not find the requested resource/);
    });
    const stored = await cluster.store.list('/registry/stable.example.com/crontabs/');
    expect(stored.kvs).toEqual([]);
  });
});
