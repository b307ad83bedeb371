import { describe, expect, it } from 'vitest';
import { definition, definitionGVKs, definitionNameForKind, referencedDefinitions, resolveRef, schemaCatalog } from './index.js';
import type { SchemaNode } from './index.js';

const property = (definitionName: string, name: string): SchemaNode | undefined => definition(definitionName)?.properties?.[name];

describe('schema catalog', () => {
  it('holds every definition of the v1.32 documents, loaded once', () => {
    const catalog = schemaCatalog();
    expect(Object.keys(catalog.definitions)).toHaveLength(632);
    expect(schemaCatalog()).toBe(catalog);
  });

  it('reads back the patch strategy of PodSpec.containers: merge on name, list-type map keyed by name', () => {
    expect(property('io.k8s.api.core.v1.PodSpec', 'containers')).toEqual({
      type: 'array',
      description:
        'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.',
      items: { $ref: 'io.k8s.api.core.v1.Container', default: {} },
      patchStrategy: 'merge',
      patchMergeKey: 'name',
      listType: 'map',
      listMapKeys: ['name'],
    });
  });

  it('reads back Container.ports: merge key containerPort, list-map-keys containerPort and protocol', () => {
    expect(property('io.k8s.api.core.v1.Container', 'ports')).toMatchObject({
      type: 'array',
      patchStrategy: 'merge',
      patchMergeKey: 'containerPort',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    });
  });

  it('keeps other markers: retainKeys, atomic maps, set lists', () => {
    expect(property('io.k8s.api.apps.v1.DeploymentSpec', 'strategy')).toEqual({
      $ref: 'io.k8s.api.apps.v1.DeploymentStrategy',
      default: {},
      description: 'The deployment strategy to use to replace existing pods with new ones.',
      patchStrategy: 'retainKeys',
    });
    expect(definition('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')?.mapType).toBe('atomic');
    expect(property('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers')).toMatchObject({
      listType: 'set',
      patchStrategy: 'merge',
    });
  });

  it('keeps defaults, both on scalars and beside refs', () => {
    expect(property('io.k8s.api.core.v1.ContainerPort', 'protocol')).toEqual({
      type: 'string',
      default: 'TCP',
      description: 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
    });
    expect(property('io.k8s.api.core.v1.ServicePort', 'protocol')?.default).toBe('TCP');
    expect(property('io.k8s.api.core.v1.Pod', 'metadata')).toMatchObject({ $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', default: {} });
  });

  it('keeps types, formats, required and int-or-string', () => {
    expect(property('io.k8s.api.core.v1.ContainerPort', 'containerPort')).toMatchObject({ type: 'integer', format: 'int32' });
    expect(definition('io.k8s.api.core.v1.ContainerPort')?.required).toEqual(['containerPort']);
    expect(property('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp')).toMatchObject({
      $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    });
    expect(definition('io.k8s.apimachinery.pkg.apis.meta.v1.Time')).toMatchObject({ type: 'string', format: 'date-time' });
    expect(definition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({
      format: 'int-or-string',
      intOrString: true,
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(property('io.k8s.api.core.v1.ConfigMap', 'data')).toMatchObject({ type: 'object', additionalProperties: { type: 'string', default: '' } });
  });

  it('resolves a ref with the referring field on top of the definition', () => {
    const resolved = resolveRef(property('io.k8s.api.apps.v1.Deployment', 'spec')!);
    expect(resolved?.description).toBe('Specification of the desired behavior of the Deployment.');
    expect(resolved?.required).toEqual(['selector', 'template']);
    expect(resolved?.$ref).toBeUndefined();
    expect(resolveRef({ $ref: 'io.k8s.api.core.v1.NoSuchThing' })).toBeUndefined();
    expect(resolveRef({ type: 'string' })).toEqual({ type: 'string' });
  });

  it('lists the kinds a definition is the schema of', () => {
    expect(definitionGVKs('io.k8s.api.apps.v1.Deployment')).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(definitionGVKs('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions')).toContainEqual({ group: 'apps', version: 'v1', kind: 'DeleteOptions' });
    expect(definitionGVKs('io.k8s.api.core.v1.PodSpec')).toEqual([]);
    expect(definitionGVKs('no.such.Definition')).toEqual([]);
  });

  it('finds the definition of a kind, including kinds only sent to subresources', () => {
    expect(definitionNameForKind('autoscaling', 'v1', 'Scale')).toBe('io.k8s.api.autoscaling.v1.Scale');
    expect(definitionNameForKind('policy', 'v1', 'Eviction')).toBe('io.k8s.api.policy.v1.Eviction');
    expect(definitionNameForKind('', 'v1', 'Pod')).toBe('io.k8s.api.core.v1.Pod');
    expect(definitionNameForKind('apps', 'v1', 'DeleteOptions')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions');
    expect(definitionNameForKind('apps', 'v1', 'Pod')).toBeUndefined();
  });

  it('collects the definitions a kind reaches through refs', () => {
    const reached = referencedDefinitions(['io.k8s.api.coordination.v1.Lease']);
    expect(reached).toEqual([
      'io.k8s.api.coordination.v1.Lease',
      'io.k8s.api.coordination.v1.LeaseSpec',
      'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry',
      'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    ]);
  });

  it('has no dangling refs', () => {
    const { definitions } = schemaCatalog();
    const all = referencedDefinitions(Object.keys(definitions));
    expect(all).toEqual(Object.keys(definitions).sort());
    const dangling: string[] = [];
    const visit = (node: SchemaNode, at: string): void => {
      if (node.$ref !== undefined && definitions[node.$ref] === undefined) dangling.push(`${at} -> ${node.$ref}`);
      for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, `${at}.${name}`);
      if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${at}{}`);
      if (node.items !== undefined) visit(node.items, `${at}[]`);
    };
    for (const [name, node] of Object.entries(definitions)) visit(node, name);
    expect(dangling).toEqual([]);
  });
});
