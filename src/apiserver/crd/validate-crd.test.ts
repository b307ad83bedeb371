import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../../machinery/index.js';
import { validateCustomResourceDefinition } from './validate-crd.js';

const valid = () => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, port: { 'x-kubernetes-int-or-string': true } } } } } },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
      },
    ],
  },
});

const texts = (crd: unknown, old?: unknown) => validateCustomResourceDefinition(crd, old).map(fieldErrorText);

describe('validateCustomResourceDefinition', () => {
  it('accepts a well-formed CRD', () => {
    expect(texts(valid())).toEqual([]);
  });

  it('names each broken rule with its field path', () => {
    const crd = valid();
    crd.metadata.name = 'wrong.example.com';
    crd.spec.group = 'example';
    crd.spec.scope = 'Everywhere';
    crd.spec.names.kind = '';
    const version = crd.spec.versions[0] as Record<string, any>;
    version.storage = false;
    version.schema.openAPIV3Schema.properties.spec.properties.size = {};
    version.additionalPrinterColumns[0].type = 'color';
    version.subresources.scale.specReplicasPath = '.status.replicas';
    expect(texts(crd)).toEqual([
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group',
      'spec.names.kind: Required value',
      'spec.scope: Unsupported value: "Everywhere": supported values: "Cluster", "Namespaced"',
      'spec.versions: Invalid value: ["v1"]: must have exactly one version marked as storage version',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].type: Required value: must not be empty for specified object fields',
      'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "color": supported values: "integer", "number", "string", "boolean", "date"',
      'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
    ]);
  });

  it('requires schemas and refuses webhook conversion', () => {
    const crd = valid() as Record<string, any>;
    delete crd.spec.versions[0].schema;
    crd.spec.conversion = { strategy: 'Webhook' };
    expect(texts(crd)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
      'spec.conversion.strategy: Unsupported value: "Webhook": supported values: "None"',
    ]);
  });

  it('keeps group and scope immutable', () => {
    const updated = valid();
    updated.spec.scope = 'Cluster';
    expect(texts(updated, valid())).toEqual(['spec.scope: Invalid value: "Cluster": field is immutable']);
  });
});
