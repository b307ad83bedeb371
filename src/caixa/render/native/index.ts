// The plain Kubernetes objects for a Servico: a ConfigMap with its runtime spec, a Deployment running
// it with the :limits as resource limits, and a ClusterIP Service on port 8080. Namespace-less unless
// one is given, so `kubectl apply -f -` puts them in the current namespace.
import type { Caixa } from '../../model.js';
import { caixaLabels, objectMeta, requireKind, resourceLimits, runtimeSpec, selectorLabels, SERVICE_PORT, specYaml, type RenderedObject } from '../common.js';

export interface NativeOptions {
  namespace?: string;
  /** Image repository; the tag is the versao. Default `ghcr.io/caixa/<nome>`. */
  imageRepository?: string;
  replicas?: number;
}

export function defaultImageRepository(caixa: Caixa): string {
  return `ghcr.io/caixa/${caixa.nome}`;
}

/** The container's environment: who it is and the limits the runtime enforces itself. */
export function caixaEnv(caixa: Caixa): { name: string; value: string }[] {
  const env = [
    { name: 'CAIXA_NOME', value: caixa.nome },
    { name: 'CAIXA_VERSAO', value: caixa.versao },
    { name: 'CAIXA_SPEC', value: '/etc/caixa/caixa.yaml' },
  ];
  if (caixa.limits?.fuel !== undefined) env.push({ name: 'CAIXA_FUEL', value: String(caixa.limits.fuel) });
  if (caixa.limits?.wallClockMs !== undefined) env.push({ name: 'CAIXA_WALL_CLOCK_MS', value: String(caixa.limits.wallClockMs) });
  return env;
}

export function configMapName(nome: string): string {
  return `${nome}-caixa`;
}

export function renderNative(caixa: Caixa, options: NativeOptions = {}): RenderedObject[] {
  requireKind(caixa, 'Servico', 'render --native');
  const labels = caixaLabels(caixa);
  const { namespace } = options;
  const configMap: RenderedObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(configMapName(caixa.nome), namespace, labels),
    data: { 'caixa.yaml': specYaml(runtimeSpec(caixa)) },
  };
  const deployment: RenderedObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(caixa.nome, namespace, labels),
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: selectorLabels(caixa.nome) },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'caixa',
              image: `${options.imageRepository ?? defaultImageRepository(caixa)}:${caixa.versao}`,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: SERVICE_PORT, protocol: 'TCP' }],
              env: caixaEnv(caixa),
              resources: resourceLimits(caixa),
              volumeMounts: [{ name: 'caixa', mountPath: '/etc/caixa', readOnly: true }],
            },
          ],
          volumes: [{ name: 'caixa', configMap: { name: configMapName(caixa.nome) } }],
        },
      },
    },
  };
  const service: RenderedObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(caixa.nome, namespace, labels),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(caixa.nome),
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  };
  return [configMap, deployment, service];
}
