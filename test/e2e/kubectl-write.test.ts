// Writing through the real kubectl: imperative create, label/annotate, the three patch types,
// client-side and server-side apply (with a conflict), server dry-run, diff, watch and delete
// propagation policies.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCluster, type TestCluster } from './kubectl-harness.js';

let cluster: TestCluster;
const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });

const deployment = (name: string, replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - {name: main, image: "${image}"}
      - {name: sidecar, image: busybox}
`;

const jsonOf = async (args: string[]) => JSON.parse(await cluster.kubectlOk([...args, '-o', 'json']));

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('kubectl create', () => {
  it('creates config maps, secrets and namespaces from literals', async () => {
    expect(await cluster.kubectlOk(['create', 'namespace', 'imperative'])).toBe('namespace/imperative created\n');
    expect(await cluster.kubectlOk(['create', 'configmap', 'literal', '-n', 'imperative', '--from-literal=a=1', '--from-literal=b=two'])).toBe('configmap/literal created\n');
    expect(await cluster.kubectlOk(['create', 'secret', 'generic', 'token', '-n', 'imperative', '--from-literal=password=s3cret'])).toBe('secret/token created\n');
    expect((await jsonOf(['get', 'cm', 'literal', '-n', 'imperative'])).data).toEqual({ a: '1', b: 'two' });
    const secret = await jsonOf(['get', 'secret', 'token', '-n', 'imperative']);
    expect(secret.type).toBe('Opaque');
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');
  });

  it('creates workloads, services and RBAC objects imperatively and prints them', async () => {
    const created = [
      ['create', 'deployment', 'imp-web', '--image=nginx', '--replicas=2'],
      ['create', 'job', 'imp-job', '--image=busybox', '--', 'echo', 'hi'],
      ['create', 'cronjob', 'imp-cron', '--image=busybox', '--schedule=*/5 * * * *'],
      ['create', 'serviceaccount', 'imp-sa'],
      ['create', 'role', 'imp-role', '--verb=get', '--resource=pods'],
      ['create', 'rolebinding', 'imp-binding', '--role=imp-role', '--user=ana', '--serviceaccount=default:imp-sa'],
      ['create', 'quota', 'imp-quota', '--hard=pods=10'],
      ['create', 'poddisruptionbudget', 'imp-pdb', '--selector=app=x', '--min-available=1'],
      ['create', 'priorityclass', 'imp-priority', '--value=100'],
    ];
    const outputs: string[] = [];
    for (const args of created) outputs.push(await cluster.kubectlOk(args));
    expect(outputs).toEqual([
      'deployment.apps/imp-web created\n', 'job.batch/imp-job created\n', 'cronjob.batch/imp-cron created\n', 'serviceaccount/imp-sa created\n',
      'role.rbac.authorization.k8s.io/imp-role created\n', 'rolebinding.rbac.authorization.k8s.io/imp-binding created\n',
      'resourcequota/imp-quota created\n', 'poddisruptionbudget.policy/imp-pdb created\n', 'priorityclass.scheduling.k8s.io/imp-priority created\n',
    ]);
    const rowsOf = async (args: string[]) => (await cluster.kubectlOk(args)).trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(await rowsOf(['get', 'deploy', 'imp-web'])).toEqual([['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], ['imp-web', '0/2', '0', '0', expect.stringMatching(/^\d+s$/)]]);
    expect(await rowsOf(['get', 'job', 'imp-job'])).toEqual([['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], ['imp-job', 'Running', '0/1', expect.stringMatching(/^\d+s$/)]]);
    expect(await rowsOf(['get', 'cronjob', 'imp-cron'])).toEqual([
      ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
      ['imp-cron', '*/5 * * * *', '<none>', 'False', '0', '<none>', expect.stringMatching(/^\d+s$/)],
    ]);
    expect(await rowsOf(['get', 'rolebinding', 'imp-binding', '-o', 'wide'])).toEqual([
      ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'],
      ['imp-binding', 'Role/imp-role', expect.stringMatching(/^\d+s$/), 'ana', 'default/imp-sa'],
    ]);
    expect(await rowsOf(['get', 'quota', 'imp-quota'])).toEqual([['NAME', 'AGE', 'REQUEST', 'LIMIT'], ['imp-quota', expect.stringMatching(/^\d+s$/), 'pods: 0/10']]);
    expect(await rowsOf(['get', 'pdb', 'imp-pdb'])).toEqual([
      ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
      ['imp-pdb', '1', 'N/A', '0', expect.stringMatching(/^\d+s$/)],
    ]);
    expect(await rowsOf(['get', 'priorityclass', 'imp-priority'])).toEqual([
      ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY'],
      ['imp-priority', '100', 'false', expect.stringMatching(/^\d+s$/), 'PreemptLowerPriority'],
    ]);
  });

  it('creates services whose port names start with a digit (DNS-1123 labels, as upstream)', async () => {
    // kubectl names the port "80-8080"; upstream validates service port names as DNS-1123 labels.
    expect(await cluster.kubectlOk(['create', 'service', 'clusterip', 'imp-svc', '--tcp=80:8080'])).toBe('service/imp-svc created\n');
    const service = await jsonOf(['get', 'svc', 'imp-svc']);
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: '80-8080', port: 80, targetPort: 8080, protocol: 'TCP' })]);
  });

  it('refuses a duplicate with AlreadyExists', async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\n')]);
    const again = await cluster.kubectl(['create', '-f', cluster.writeFile('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\n')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (AlreadyExists): error when creating');
    expect(again.stderr).toContain('configmaps "dup" already exists');
  });
});

describe('kubectl label, annotate and patch', () => {
  beforeAll(async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('patchme.yaml', deployment('patchme', 1))]);
  });

  it('labels and annotates, overwriting and removing', async () => {
    await cluster.kubectlOk(['label', 'deploy', 'patchme', 'team=blue']);
    const conflict = await cluster.kubectl(['label', 'deploy', 'patchme', 'team=red']);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain("'team' already has a value (blue), and --overwrite is false");
    await cluster.kubectlOk(['label', 'deploy', 'patchme', 'team=red', '--overwrite']);
    await cluster.kubectlOk(['annotate', 'deploy', 'patchme', 'owner=ops']);
    let object = await jsonOf(['get', 'deploy', 'patchme']);
    expect(object.metadata.labels).toEqual({ app: 'patchme', team: 'red' });
    expect(object.metadata.annotations.owner).toBe('ops');
    await cluster.kubectlOk(['label', 'deploy', 'patchme', 'team-']);
    await cluster.kubectlOk(['annotate', 'deploy', 'patchme', 'owner-']);
    object = await jsonOf(['get', 'deploy', 'patchme']);
    expect(object.metadata.labels).toEqual({ app: 'patchme' });
    expect(object.metadata.annotations?.owner).toBeUndefined();
  });

  it('applies strategic merge, JSON merge and JSON patches', async () => {
    await cluster.kubectlOk(['patch', 'deploy', 'patchme', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}}}']);
    let object = await jsonOf(['get', 'deploy', 'patchme']);
    // Strategic merge: containers merged by name, the sidecar kept.
    expect(object.spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual(['main=nginx:1.28', 'sidecar=busybox']);

    await cluster.kubectlOk(['patch', 'deploy', 'patchme', '--type=merge', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"alpine"}]}}}}']);
    object = await jsonOf(['get', 'deploy', 'patchme']);
    // JSON merge patch replaces lists whole.
    expect(object.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['only']);

    await cluster.kubectlOk(['patch', 'deploy', 'patchme', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":5},{"op":"add","path":"/metadata/labels/patched","value":"yes"}]']);
    object = await jsonOf(['get', 'deploy', 'patchme']);
    expect(object.spec.replicas).toBe(5);
    expect(object.metadata.labels.patched).toBe('yes');

    const failed = await cluster.kubectl(['patch', 'deploy', 'patchme', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":9}]']);
    expect(failed.code).not.toBe(0);
  });
});

describe('kubectl apply', () => {
  it('applies client-side: creates, then configures from the last applied configuration', async () => {
    const file = cluster.writeFile('csa.yaml', deployment('csa', 2));
    expect(await cluster.kubectlOk(['apply', '-f', file])).toBe('deployment.apps/csa created\n');
    expect(await cluster.kubectlOk(['apply', '-f', file])).toBe('deployment.apps/csa unchanged\n');
    cluster.writeFile('csa.yaml', deployment('csa', 4, 'nginx:1.28'));
    expect(await cluster.kubectlOk(['apply', '-f', file])).toBe('deployment.apps/csa configured\n');
    const object = await jsonOf(['get', 'deploy', 'csa']);
    expect(object.spec.replicas).toBe(4);
    expect(object.spec.template.spec.containers[0].image).toBe('nginx:1.28');
    expect(JSON.parse(object.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(4);
  });

  it('applies server-side, records the manager and reports a conflict', async () => {
    const file = cluster.writeFile('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {owner: first}\n');
    expect(await cluster.kubectlOk(['apply', '--server-side', '--field-manager=first', '-f', file])).toBe('configmap/ssa serverside-applied\n');
    const object = await jsonOf(['get', 'cm', 'ssa', '--show-managed-fields']);
    expect(object.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'first', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:owner': {} } } }),
    ]);
    cluster.writeFile('ssa.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {owner: second}\n');
    const conflict = await cluster.kubectl(['apply', '--server-side', '--field-manager=second', '-f', file]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "first": .data.owner');
    await cluster.kubectlOk(['apply', '--server-side', '--field-manager=second', '--force-conflicts', '-f', file]);
    expect((await jsonOf(['get', 'cm', 'ssa'])).data).toEqual({ owner: 'second' });
  });

  it('runs a server-side dry run without persisting anything', async () => {
    const file = cluster.writeFile('dry.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry}\ndata: {a: b}\n');
    expect(await cluster.kubectlOk(['apply', '--dry-run=server', '-f', file])).toBe('configmap/dry created (server dry run)\n');
    expect((await cluster.kubectl(['get', 'cm', 'dry'])).stderr).toContain('configmaps "dry" not found');
    const dryCreate = await jsonOf(['create', '-f', cluster.writeFile('drier.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: drier}\n'), '--dry-run=server']);
    expect(dryCreate.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await cluster.kubectl(['get', 'cm', 'drier'])).code).toBe(1);
  });

  it('shows a diff against the live object', async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('diff.yaml', deployment('differ', 2))]);
    const same = await cluster.kubectl(['diff', '-f', cluster.writeFile('diff.yaml', deployment('differ', 2))]);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('');
    const changed = await cluster.kubectl(['diff', '-f', cluster.writeFile('diff.yaml', deployment('differ', 3))]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^-  replicas: 2$/m);
    expect(changed.stdout).toMatch(/^\+  replicas: 3$/m);
    expect(changed.stdout).toMatch(/^-  generation: 1$/m);
    expect(changed.stdout).toMatch(/^\+  generation: 2$/m);
  });

  it('rejects unknown fields on built-ins with strict validation', async () => {
    const bad = cluster.writeFile('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {a: b}\nbogus: 1\n');
    const result = await cluster.kubectl(['apply', '-f', bad]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown field "bogus"');
  });
});

describe('everyday kubectl verbs', () => {
  beforeAll(async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('everyday.yaml', deployment('everyday', 1))]);
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('node.yaml', 'apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n')]);
  });

  it('scales, sets images, replaces, edits and waits', async () => {
    expect(await cluster.kubectlOk(['scale', 'deploy', 'everyday', '--replicas=3'])).toBe('deployment.apps/everyday scaled\n');
    expect(await cluster.kubectlOk(['set', 'image', 'deploy/everyday', 'main=nginx:1.29'])).toBe('deployment.apps/everyday image updated\n');
    let object = await jsonOf(['get', 'deploy', 'everyday']);
    expect([object.spec.replicas, object.spec.template.spec.containers[0].image]).toEqual([3, 'nginx:1.29']);
    expect(await cluster.kubectlOk(['replace', '-f', cluster.writeFile('replace.yaml', deployment('everyday', 2))])).toBe('deployment.apps/everyday replaced\n');
    const editor = cluster.writeFile('editor.sh', '#!/bin/sh\nsed -i "s/replicas: 2/replicas: 5/" "$1"\n');
    const { chmodSync } = await import('node:fs');
    chmodSync(editor, 0o755);
    expect(await cluster.kubectlOk(['edit', 'deploy', 'everyday'], { env: { KUBE_EDITOR: editor } })).toBe('deployment.apps/everyday edited\n');
    object = await jsonOf(['get', 'deploy', 'everyday']);
    expect(object.spec.replicas).toBe(5);
    expect(await cluster.kubectlOk(['wait', '--for=jsonpath={.spec.replicas}=5', 'deploy/everyday', '--timeout=10s'])).toBe('deployment.apps/everyday condition met\n');
    expect(await cluster.kubectlOk(['rollout', 'restart', 'deploy/everyday'])).toBe('deployment.apps/everyday restarted\n');
    object = await jsonOf(['get', 'deploy', 'everyday']);
    expect(object.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-/);
  });

  it('runs pods, exposes deployments, cordons and taints nodes', async () => {
    expect(await cluster.kubectlOk(['run', 'one-off', '--image=busybox', '--labels=run=one-off'])).toBe('pod/one-off created\n');
    expect(await cluster.kubectlOk(['expose', 'deploy', 'everyday', '--port=80', '--target-port=8080'])).toBe('service/everyday exposed\n');
    const service = await jsonOf(['get', 'svc', 'everyday']);
    expect(service.spec.selector).toEqual({ app: 'everyday' });
    expect(service.spec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 8080, protocol: 'TCP' })]);
    expect(await cluster.kubectlOk(['cordon', 'node-1'])).toBe('node/node-1 cordoned\n');
    expect(await cluster.kubectlOk(['taint', 'node', 'node-1', 'dedicated=db:NoSchedule'])).toBe('node/node-1 tainted\n');
    const node = await jsonOf(['get', 'node', 'node-1']);
    expect(node.spec).toEqual({ unschedulable: true, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });
    expect((await cluster.kubectlOk(['get', 'nodes', 'node-1'])).split('\n')[1]).toMatch(/^node-1\s+Unknown,SchedulingDisabled\s+<none>\s+\d+s\s+$/);
  });
});

describe('kubectl get --watch', () => {
  it('streams the current objects, then changes', async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('w.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched, labels: {w: "1"}}\ndata: {count: "1"}\n')]);
    const watch = cluster.kubectlStream(['get', 'cm', '-l', 'w', '--watch', '-o', 'custom-columns=NAME:.metadata.name,N:.data.count', '--no-headers']);
    await waitFor(async () => expect(watch.lines()).toEqual(['watched   1']));
    await cluster.kubectlOk(['patch', 'cm', 'watched', '--type=merge', '-p', '{"data":{"count":"2"}}']);
    await waitFor(async () => expect(watch.lines()).toEqual(['watched   1', 'watched   2']));
    await watch.stop();
  });
});

describe('kubectl delete', () => {
  const make = async (name: string) =>
    cluster.kubectlOk(['apply', '-f', cluster.writeFile(`${name}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`)]);

  it('deletes in the background by default', async () => {
    await make('del-background');
    expect(await cluster.kubectlOk(['delete', 'cm', 'del-background', '--cascade=background'])).toBe('configmap "del-background" deleted\n');
    expect((await cluster.kubectl(['get', 'cm', 'del-background'])).code).toBe(1);
  });

  it('records orphan deletion on the object for the garbage collector', async () => {
    await make('del-orphan');
    const result = await cluster.kubectl(['delete', 'cm', 'del-orphan', '--cascade=orphan', '--wait=false', '-v=8']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"propagationPolicy":"Orphan"');
    // Without a garbage collector running (this server is alone), the orphan finalizer stays.
    const remaining = await cluster.kubectl(['get', 'cm', 'del-orphan', '-o', 'json']);
    if (remaining.code === 0) {
      const object = JSON.parse(remaining.stdout);
      expect(object.metadata.finalizers).toContain('orphan');
      expect(object.metadata.deletionTimestamp).toBeDefined();
    } else {
      expect(remaining.stderr).toContain('not found');
    }
  });

  it('records foreground deletion on the object until its dependents are gone', async () => {
    await make('del-foreground');
    const result = await cluster.kubectl(['delete', 'cm', 'del-foreground', '--cascade=foreground', '--wait=false', '-v=8']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"propagationPolicy":"Foreground"');
    const remaining = await cluster.kubectl(['get', 'cm', 'del-foreground', '-o', 'json']);
    if (remaining.code === 0) {
      const object = JSON.parse(remaining.stdout);
      expect(object.metadata.finalizers).toContain('foregroundDeletion');
      expect(object.metadata.deletionTimestamp).toBeDefined();
    } else {
      expect(remaining.stderr).toContain('not found');
    }
  });

  it('deletes by label selector', async () => {
    await cluster.kubectlOk(['apply', '-f', cluster.writeFile('many.yaml', [1, 2, 3].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: many-${i}, labels: {batch: x}}\n`).join('---\n'))]);
    expect(await cluster.kubectlOk(['delete', 'cm', '-l', 'batch=x'])).toBe('configmap "many-1" deleted\nconfigmap "many-2" deleted\nconfigmap "many-3" deleted\n');
    expect(await cluster.kubectlOk(['get', 'cm', '-l', 'batch=x', '-o', 'name'])).toBe('');
  });
});
