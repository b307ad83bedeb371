// Reading through the real kubectl: discovery listings, every common output format, selectors,
// paging, all-namespaces, describe and explain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './kubectl-harness.js';

const FIXTURES = `apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-b}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: team-a, labels: {app: shop, tier: web}}
data: {color: blue, size: large}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: flags, namespace: team-a, labels: {app: shop, tier: db}}
data: {beta: "true"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: team-b, labels: {app: blog}}
data: {color: red}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a, labels: {app: shop}}
spec:
  replicas: 3
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers:
      - {name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}
      - {name: sidecar, image: busybox}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: team-a}
spec:
  selector: {app: shop}
  ports: [{port: 80, targetPort: 8080}]
`;

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
  await cluster.kubectlOk(['apply', '-f', cluster.writeFile('fixtures.yaml', FIXTURES)]);
});
afterAll(async () => {
  await cluster?.stop();
});

const rows = (text: string) => text.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));

describe('kubectl discovery', () => {
  it('lists every resource with short names, scope and kind', async () => {
    const listing = rows(await cluster.kubectlOk(['api-resources']));
    expect(listing[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(listing).toContainEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(listing).toContainEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(listing).toContainEqual(['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    expect(listing).toContainEqual(['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition']);
    const wide = rows(await cluster.kubectlOk(['api-resources', '-o', 'wide', '--api-group=apps']));
    expect(wide.find((row) => row[0] === 'deployments')).toEqual([
      'deployments', 'deploy', 'apps/v1', 'true', 'Deployment', 'create,delete,deletecollection,get,list,patch,update,watch', 'all',
    ]);
    expect(await cluster.kubectlOk(['api-resources', '--namespaced=false', '-o', 'name'])).toContain('\nnodes\n');
  });

  it('lists every group/version', async () => {
    const versions = (await cluster.kubectlOk(['api-versions'])).trimEnd().split('\n');
    expect(versions).toEqual(expect.arrayContaining(['v1', 'apps/v1', 'batch/v1', 'apiextensions.k8s.io/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1']));
  });
});

describe('kubectl get', () => {
  it('prints tables with the server-side columns', async () => {
    expect(rows(await cluster.kubectlOk(['get', 'configmaps', '-n', 'team-a', '-l', 'app']))).toEqual([
      ['NAME', 'DATA', 'AGE'],
      ['flags', '1', expect.stringMatching(/^\d+s$/)],
      ['settings', '2', expect.stringMatching(/^\d+s$/)],
    ]);
    expect(rows(await cluster.kubectlOk(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'wide']))).toEqual([
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
      ['web', '0/3', '0', '0', expect.stringMatching(/^\d+s$/), 'nginx,sidecar', 'nginx:1.27,busybox', 'app=shop'],
    ]);
    const service = rows(await cluster.kubectlOk(['get', 'svc', 'web', '-n', 'team-a']));
    expect(service[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(service[1][0]).toBe('web');
    expect(service[1][1]).toBe('ClusterIP');
    expect(service[1][4]).toBe('80/TCP');
    expect(rows(await cluster.kubectlOk(['get', 'ns', 'team-a']))).toEqual([['NAME', 'STATUS', 'AGE'], ['team-a', 'Active', expect.stringMatching(/^\d+s$/)]]);
  });

  it('prints YAML and JSON of one object and of lists', async () => {
    const yaml = await cluster.kubectlOk(['get', 'cm', 'settings', '-n', 'team-a', '-o', 'yaml']);
    expect(yaml).toMatch(/^apiVersion: v1\ndata:\n {2}color: blue\n {2}size: large\nkind: ConfigMap\nmetadata:\n/);
    const json = JSON.parse(await cluster.kubectlOk(['get', 'cm', 'settings', '-n', 'team-a', '-o', 'json']));
    expect(json).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { color: 'blue', size: 'large' }, metadata: { name: 'settings', namespace: 'team-a', labels: { app: 'shop', tier: 'web' } } });
    expect(json.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const list = JSON.parse(await cluster.kubectlOk(['get', 'cm', '-n', 'team-a', '-l', 'app=shop', '-o', 'json']));
    expect(list.kind).toBe('List');
    expect(list.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['flags', 'settings']);
  });

  it('prints names, JSONPath and custom columns', async () => {
    expect(await cluster.kubectlOk(['get', 'cm', '-n', 'team-a', '-l', 'app=shop', '-o', 'name'])).toBe('configmap/flags\nconfigmap/settings\n');
    expect(await cluster.kubectlOk(['get', 'cm', '-n', 'team-a', '-l', 'app=shop', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.tier}{"\\n"}{end}'])).toBe('flags=db\nsettings=web\n');
    expect(rows(await cluster.kubectlOk(['get', 'cm', '-n', 'team-a', '-l', 'app=shop', '-o', 'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,COLOR:.data.color']))).toEqual([
      ['NAME', 'TIER', 'COLOR'],
      ['flags', 'db', '<none>'],
      ['settings', 'web', 'blue'],
    ]);
  });

  it('filters by label and field selectors and shows labels', async () => {
    expect(await cluster.kubectlOk(['get', 'cm', '-A', '-l', 'app in (shop,blog),tier!=db', '-o', 'name'])).toBe('configmap/settings\nconfigmap/settings\n');
    expect(await cluster.kubectlOk(['get', 'cm', '-A', '--field-selector', 'metadata.namespace=team-b', '-o', 'name'])).toContain('configmap/settings\n');
    expect(await cluster.kubectlOk(['get', 'cm', '-n', 'team-a', '--field-selector', 'metadata.name=flags', '-o', 'name'])).toBe('configmap/flags\n');
    expect(rows(await cluster.kubectlOk(['get', 'cm', 'settings', '-n', 'team-a', '--show-labels']))).toEqual([
      ['NAME', 'DATA', 'AGE', 'LABELS'],
      ['settings', '2', expect.stringMatching(/^\d+s$/), 'app=shop,tier=web'],
    ]);
    const bad = await cluster.kubectl(['get', 'cm', '-A', '--field-selector', 'data.color=blue']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('field label not supported');
  });

  it('lists across namespaces with a NAMESPACE column', async () => {
    const all = rows(await cluster.kubectlOk(['get', 'cm', '-A', '-l', 'app']));
    expect(all.map((row) => row.slice(0, 3))).toEqual([
      ['NAMESPACE', 'NAME', 'DATA'],
      ['team-a', 'flags', '1'],
      ['team-a', 'settings', '2'],
      ['team-b', 'settings', '1'],
    ]);
  });

  it('pages through lists with --chunk-size', async () => {
    const paged = await cluster.kubectl(['get', 'cm', '-A', '-l', 'app', '--chunk-size=1', '-o', 'name', '-v=6']);
    expect(paged.code).toBe(0);
    expect(paged.stdout).toBe('configmap/flags\nconfigmap/settings\nconfigmap/settings\n');
    expect(paged.stderr.match(/GET https:\/\/\S+configmaps\?\S*limit=1/g)?.length).toBe(3);
    expect(paged.stderr).toContain('continue=');
  });

  it('describes objects', async () => {
    const described = await cluster.kubectlOk(['describe', 'cm', 'settings', '-n', 'team-a']);
    expect(described).toMatch(/^Name:\s+settings\nNamespace:\s+team-a\nLabels:\s+app=shop\n\s+tier=web\n/);
    // kubectl prints ConfigMap data in Go map order, which varies from run to run.
    expect(described).toMatch(/\nData\n====\n/);
    expect(described).toMatch(/\ncolor:\n----\nblue\n/);
    expect(described).toMatch(/\nsize:\n----\nlarge\n/);
    const deployment = await cluster.kubectlOk(['describe', 'deployment', 'web', '-n', 'team-a']);
    expect(deployment).toMatch(/Replicas:\s+3 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable/);
    expect(deployment).toMatch(/Image:\s+nginx:1\.27/);
  });

  it('explains built-in kinds and nested fields', async () => {
    const pods = await cluster.kubectlOk(['explain', 'pods']);
    expect(pods).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n/);
    expect(pods).toMatch(/spec\t<PodSpec>/);
    const strategy = await cluster.kubectlOk(['explain', 'deployment.spec.strategy']);
    expect(strategy).toMatch(/GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: strategy <DeploymentStrategy>/);
    expect(strategy).toMatch(/rollingUpdate\t<RollingUpdateDeployment>/);
    const recursive = await cluster.kubectlOk(['explain', 'configmap', '--recursive']);
    expect(recursive).toMatch(/metadata\t<ObjectMeta>\n\s+annotations\t<map\[string\]string>/);
    const missing = await cluster.kubectl(['explain', 'pods.spec.nothing']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('field "nothing" does not exist');
  });

  it('reports a missing object as NotFound', async () => {
    const result = await cluster.kubectl(['get', 'cm', 'nope', '-n', 'team-a']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
  });
});
