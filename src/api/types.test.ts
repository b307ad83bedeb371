// The generated types are checked by `tsc` (npm run typecheck): these objects must type-check, and
// the @ts-expect-error lines must be errors, or the project's type check fails.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AppsV1Deployment, CoreV1Event, Deployment, HorizontalPodAutoscaler, IntOrString, IoK8sApiCoreV1Pod, Pod, Quantity } from './index.js';

describe('generated types', () => {
  it('type real manifests', () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { limits: { cpu: '500m', memory: 128 } } }],
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      },
    };
    expect(deployment.spec?.template.spec?.containers[0].name).toBe('nginx');
    expectTypeOf<Deployment>().toEqualTypeOf<AppsV1Deployment>();
    expectTypeOf<Pod>().toEqualTypeOf<IoK8sApiCoreV1Pod>();
    expectTypeOf<IntOrString>().toEqualTypeOf<number | string>();
    expectTypeOf<Quantity>().toEqualTypeOf<string | number>();
    expectTypeOf<NonNullable<HorizontalPodAutoscaler['spec']>>().toHaveProperty('metrics');
    expectTypeOf<CoreV1Event>().toHaveProperty('involvedObject');
  });

  it('reject wrong shapes', () => {
    // @ts-expect-error containers is required in a PodSpec
    const spec: Pod['spec'] = {};
    // @ts-expect-error replicas is a number
    const replicas: Deployment = { spec: { replicas: 'two', selector: {}, template: {} } };
    expect([spec, replicas]).toHaveLength(2);
  });
});
