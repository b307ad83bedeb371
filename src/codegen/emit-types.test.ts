import { describe, expect, it } from 'vitest';
import { emitTypes, typeExpression } from './emit-types.js';
import { buildTypeAliases, fullTypeName, splitDefinitionName } from './type-names.js';

const inputs = { kubernetesVersion: { major: '1', minor: '32', gitVersion: 'v1.32.0' }, documents: { 'api__v1_openapi.json': 'ab'.repeat(32) } };

describe('type names', () => {
  it('spells full names in PascalCase', () => {
    expect(fullTypeName('io.k8s.api.core.v1.Pod')).toBe('IoK8sApiCoreV1Pod');
    expect(fullTypeName('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON')).toBe('IoK8sApiextensionsApiserverPkgApisApiextensionsV1JSON');
  });

  it('splits package, version and type', () => {
    expect(splitDefinitionName('io.k8s.api.apps.v1.Deployment')).toEqual({ packageName: 'apps', version: 'v1', typeName: 'Deployment' });
    expect(splitDefinitionName('io.k8s.apimachinery.pkg.api.resource.Quantity')).toEqual({ packageName: 'resource', typeName: 'Quantity' });
  });

  it('aliases by package+version, and by bare name only when one package has it (preferred version wins)', () => {
    const aliases = buildTypeAliases([
      'io.k8s.api.core.v1.Pod',
      'io.k8s.api.core.v1.Event',
      'io.k8s.api.events.v1.Event',
      'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
      'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
      'io.k8s.api.autoscaling.v1.Scale',
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
    ]);
    expect(Object.fromEntries(aliases)).toEqual({
      CoreV1Pod: 'io.k8s.api.core.v1.Pod',
      CoreV1Event: 'io.k8s.api.core.v1.Event',
      EventsV1Event: 'io.k8s.api.events.v1.Event',
      AutoscalingV1HorizontalPodAutoscaler: 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
      AutoscalingV2HorizontalPodAutoscaler: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
      AutoscalingV1Scale: 'io.k8s.api.autoscaling.v1.Scale',
      Pod: 'io.k8s.api.core.v1.Pod',
      HorizontalPodAutoscaler: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
      Scale: 'io.k8s.api.autoscaling.v1.Scale',
      Quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
    });
  });
});

describe('emitTypes', () => {
  it('maps schema nodes to TypeScript types', () => {
    expect(typeExpression({ $ref: 'io.k8s.api.core.v1.Pod' })).toBe('IoK8sApiCoreV1Pod');
    expect(typeExpression({ type: 'array', items: { type: 'integer', format: 'int32' } })).toBe('number[]');
    expect(typeExpression({ type: 'array', items: { intOrString: true } })).toBe('(number | string)[]');
    expect(typeExpression({ type: 'object', additionalProperties: { type: 'string' } })).toBe('{ [key: string]: string }');
    expect(typeExpression({ type: 'object' })).toBe('{ [key: string]: unknown }');
    expect(typeExpression({ type: 'string', enum: ['TCP', 'UDP'] })).toBe('"TCP" | "UDP"');
    expect(typeExpression({ type: 'boolean', nullable: true })).toBe('boolean | null');
    expect(typeExpression({})).toBe('unknown');
  });

  it('emits interfaces with required fields and quoted odd keys, then aliases', () => {
    const text = emitTypes(
      {
        'io.k8s.api.core.v1.ContainerPort': {
          type: 'object',
          required: ['containerPort'],
          properties: { protocol: { type: 'string', default: 'TCP' }, containerPort: { type: 'integer' }, 'x-odd': { type: 'boolean' } },
        },
        'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
      },
      inputs,
    );
    expect(text).toContain(`//   ${'ab'.repeat(32)}  api__v1_openapi.json\n`);
    expect(text.split('/* eslint-disable */\n\n')[1]).toBe(
      [
        'export interface IoK8sApiCoreV1ContainerPort {',
        '  containerPort: number;',
        '  protocol?: string;',
        '  "x-odd"?: boolean;',
        '}',
        'export type IoK8sApimachineryPkgApisMetaV1Time = string;',
        '',
        '// Aliases: <Package><Version><Type> for every definition, and <Type> where unambiguous.',
        'export type ContainerPort = IoK8sApiCoreV1ContainerPort;',
        'export type CoreV1ContainerPort = IoK8sApiCoreV1ContainerPort;',
        'export type MetaV1Time = IoK8sApimachineryPkgApisMetaV1Time;',
        'export type Time = IoK8sApimachineryPkgApisMetaV1Time;',
        '',
      ].join('\n'),
    );
  });
});
