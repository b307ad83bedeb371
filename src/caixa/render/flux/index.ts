// Flux objects that deploy a Servico's chart on one cluster: a GitRepository pinned to the tag
// `v<versao>`, a HelmRelease of `charts/lareira-<nome>` from it, and a Kustomization applying the
// cluster's folder of that repository.
import type { Caixa } from '../../model.js';
import { caixaLabels, httpsRepository, objectMeta, RenderError, requireKind, type RenderedObject } from '../common.js';
import { chartName } from '../helm/index.js';

export interface FluxOptions {
  /** Cluster name; the Kustomization applies `./clusters/<cluster>`. Default "default". */
  cluster?: string;
  /** Namespace of the Flux objects. Default "flux-system". */
  fluxNamespace?: string;
  /** Namespace the service runs in. Default "default". */
  targetNamespace?: string;
  /** Reconcile interval. Default "10m". */
  interval?: string;
}

export function renderFlux(caixa: Caixa, options: FluxOptions = {}): RenderedObject[] {
  requireKind(caixa, 'Servico', 'render --flux');
  if (caixa.repositorio === undefined) throw new RenderError(`render --flux needs :repositorio in "${caixa.nome}" (the Git repository Flux pulls)`);
  const cluster = options.cluster ?? 'default';
  const namespace = options.fluxNamespace ?? 'flux-system';
  const targetNamespace = options.targetNamespace ?? 'default';
  const interval = options.interval ?? '10m';
  const labels = { ...caixaLabels(caixa), 'caixa.engenho.dev/cluster': cluster };
  const sourceRef = { kind: 'GitRepository', name: caixa.nome, namespace };
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: objectMeta(caixa.nome, namespace, labels),
      spec: { interval, url: httpsRepository(caixa.repositorio), ref: { tag: `v${caixa.versao}` } },
    },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: objectMeta(caixa.nome, namespace, labels),
      spec: {
        interval,
        releaseName: caixa.nome,
        targetNamespace,
        chart: { spec: { chart: `./charts/${chartName(caixa)}`, reconcileStrategy: 'Revision', sourceRef, interval } },
        install: { remediation: { retries: 3 } },
        upgrade: { remediation: { retries: 3 } },
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: objectMeta(`${caixa.nome}-${cluster}`, namespace, labels),
      spec: { interval, path: `./clusters/${cluster}`, prune: true, sourceRef, targetNamespace },
    },
  ];
}
