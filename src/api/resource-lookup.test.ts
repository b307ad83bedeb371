import { describe, expect, it } from 'vitest';
import {
  apiVersionOf,
  findResource,
  findResourceByKind,
  groupVersions,
  kubernetesVersion,
  preferredVersion,
  resourceByShortName,
  resources,
  resourcesByShortName,
  resourcesFor,
} from './index.js';

describe('resource registry', () => {
  it('describes pods: namespaced, short name po, category all, every subresource with its kind', () => {
    expect(findResource('', 'v1', 'pods')).toEqual({
      group: '',
      version: 'v1',
      kind: 'Pod',
      listKind: 'PodList',
      plural: 'pods',
      singular: 'pod',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [
        { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
        { name: 'binding', kind: 'Binding', verbs: ['create'] },
        { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
        { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
        { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
        { name: 'log', kind: 'Pod', verbs: ['get'] },
        { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
        { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
        { name: 'resize', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
        { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      ],
      shortNames: ['po'],
      categories: ['all'],
      definition: 'io.k8s.api.core.v1.Pod',
    });
  });

  it('describes deployments in apps/v1 with the autoscaling/v1 Scale subresource', () => {
    expect(findResource('apps', 'v1', 'deployments')).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      listKind: 'DeploymentList',
      plural: 'deployments',
      singular: 'deployment',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [
        { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
        { name: 'status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
      ],
      shortNames: ['deploy'],
      categories: ['all'],
      definition: 'io.k8s.api.apps.v1.Deployment',
    });
  });

  it('describes leases in coordination.k8s.io/v1', () => {
    expect(findResource('coordination.k8s.io', 'v1', 'leases')).toEqual({
      group: 'coordination.k8s.io',
      version: 'v1',
      kind: 'Lease',
      listKind: 'LeaseList',
      plural: 'leases',
      singular: 'lease',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [],
      shortNames: [],
      categories: [],
      definition: 'io.k8s.api.coordination.v1.Lease',
    });
  });

  it('describes customresourcedefinitions: cluster-scoped, crd/crds, api-extensions, status subresource', () => {
    expect(findResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')).toEqual({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
      listKind: 'CustomResourceDefinitionList',
      plural: 'customresourcedefinitions',
      singular: 'customresourcedefinition',
      namespaced: false,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [{ name: 'status', kind: 'CustomResourceDefinition', verbs: ['get', 'patch', 'update'] }],
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      definition: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    });
  });

  it('describes nodes and namespaces as cluster-scoped, with their subresources', () => {
    const nodes = findResource('', 'v1', 'nodes');
    expect(nodes?.namespaced).toBe(false);
    expect(nodes?.shortNames).toEqual(['no']);
    expect(nodes?.subresources.map(({ name }) => name)).toEqual(['proxy', 'status']);
    const namespaces = findResource('', 'v1', 'namespaces');
    expect(namespaces?.namespaced).toBe(false);
    expect(namespaces?.verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    expect(namespaces?.subresources).toEqual([
      { name: 'finalize', kind: 'Namespace', verbs: ['update'] },
      { name: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'] },
    ]);
  });

  it('gives create-only and read-only resources only their verbs', () => {
    expect(findResource('authentication.k8s.io', 'v1', 'tokenreviews')?.verbs).toEqual(['create']);
    expect(findResource('', 'v1', 'componentstatuses')?.verbs).toEqual(['get', 'list']);
    expect(findResource('', 'v1', 'serviceaccounts')?.subresources).toEqual([
      { name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
    ]);
    expect(findResource('certificates.k8s.io', 'v1', 'certificatesigningrequests')?.subresources.map(({ name }) => name)).toEqual([
      'approval',
      'status',
    ]);
  });

  it('finds a resource by plural, kind or singular, and not across group versions', () => {
    expect(findResource('', 'v1', 'Pod')?.plural).toBe('pods');
    expect(findResource('', 'v1', 'pod')?.plural).toBe('pods');
    expect(findResourceByKind('apps', 'v1', 'StatefulSet')?.plural).toBe('statefulsets');
    expect(findResource('apps', 'v1', 'pods')).toBeUndefined();
    expect(findResource('apps', 'v9', 'deployments')).toBeUndefined();
    expect(resourcesFor('nope', 'v1')).toEqual([]);
  });

  it('lists the resources of a group version', () => {
    expect(resourcesFor('apps', 'v1').map(({ plural }) => plural)).toEqual([
      'controllerrevisions',
      'daemonsets',
      'deployments',
      'replicasets',
      'statefulsets',
    ]);
    expect(resourcesFor('autoscaling', 'v2').map(({ plural }) => plural)).toEqual(['horizontalpodautoscalers']);
  });

  it('resolves short names to the preferred version', () => {
    expect(resourceByShortName('po')?.plural).toBe('pods');
    expect(resourceByShortName('hpa')).toMatchObject({ group: 'autoscaling', version: 'v2' });
    expect(resourcesByShortName('hpa').map(({ version }) => version)).toEqual(['v2', 'v1']);
    expect(resourcesByShortName('ev').map(({ group }) => group)).toEqual(['', 'events.k8s.io']);
    expect(resourceByShortName('crds')?.kind).toBe('CustomResourceDefinition');
    expect(resourceByShortName('nothing')).toBeUndefined();
  });

  it('puts the "all" category on the workload resources kubectl get all shows', () => {
    const all = resources.filter(({ categories }) => categories.includes('all')).map(({ group, version, plural }) => `${group}/${version}/${plural}`);
    expect(all).toEqual([
      '/v1/pods',
      '/v1/replicationcontrollers',
      '/v1/services',
      'apps/v1/daemonsets',
      'apps/v1/deployments',
      'apps/v1/replicasets',
      'apps/v1/statefulsets',
      'autoscaling/v2/horizontalpodautoscalers',
      'autoscaling/v1/horizontalpodautoscalers',
      'batch/v1/cronjobs',
      'batch/v1/jobs',
    ]);
  });

  it('has unique plurals and kinds within each group version', () => {
    const seen = new Set<string>();
    for (const { group, version, plural, kind } of resources) {
      for (const key of [`${group}/${version}/plural/${plural}`, `${group}/${version}/kind/${kind}`]) {
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });
});

describe('group versions', () => {
  it('marks exactly one preferred version per group, as upstream prefers it', () => {
    expect(groupVersions.filter(({ group }) => group === 'autoscaling')).toEqual([
      { group: 'autoscaling', version: 'v2', preferred: true, enabledByDefault: true },
      { group: 'autoscaling', version: 'v1', preferred: false, enabledByDefault: true },
    ]);
    expect(groupVersions.filter(({ group }) => group === 'resource.k8s.io')).toEqual([
      { group: 'resource.k8s.io', version: 'v1beta1', preferred: true, enabledByDefault: false },
      { group: 'resource.k8s.io', version: 'v1alpha3', preferred: false, enabledByDefault: false },
    ]);
    expect(preferredVersion('storage.k8s.io')?.version).toBe('v1');
    expect(preferredVersion('')?.version).toBe('v1');
    const groups = new Set(groupVersions.map(({ group }) => group));
    for (const group of groups) expect(groupVersions.filter((gv) => gv.group === group && gv.preferred), group).toHaveLength(1);
  });

  it('starts with core and covers every group version of the registry', () => {
    expect(groupVersions[0]).toEqual({ group: '', version: 'v1', preferred: true, enabledByDefault: true });
    const fromResources = new Set(resources.map(({ group, version }) => `${group}/${version}`));
    expect(new Set(groupVersions.map(({ group, version }) => `${group}/${version}`))).toEqual(fromResources);
  });

  it('enables by default exactly the GA group versions a stock v1.32 kube-apiserver serves', () => {
    expect(groupVersions.filter(({ enabledByDefault }) => enabledByDefault).map(({ group, version }) => apiVersionOf({ group, version }))).toEqual([
      'v1',
      'admissionregistration.k8s.io/v1',
      'apiextensions.k8s.io/v1',
      'apiregistration.k8s.io/v1',
      'apps/v1',
      'authentication.k8s.io/v1',
      'authorization.k8s.io/v1',
      'autoscaling/v2',
      'autoscaling/v1',
      'batch/v1',
      'certificates.k8s.io/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'flowcontrol.apiserver.k8s.io/v1',
      'networking.k8s.io/v1',
      'node.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'scheduling.k8s.io/v1',
      'storage.k8s.io/v1',
    ]);
  });

  it('spells apiVersion as kubectl does', () => {
    expect(apiVersionOf({ group: '', version: 'v1' })).toBe('v1');
    expect(apiVersionOf({ group: 'apps', version: 'v1' })).toBe('apps/v1');
  });

  it('records the release the catalog was generated from', () => {
    expect(kubernetesVersion).toEqual({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
  });
});
