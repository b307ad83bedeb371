// Renderers: a caixa → Kubernetes, Helm and Flux artifacts.
export { RenderError, toYamlDocuments, type RenderedObject } from './common.js';
export { renderNative, type NativeOptions } from './native/index.js';
export { chartName, chartValues, renderHelmChart, type HelmChart } from './helm/index.js';
export { renderFlux, type FluxOptions } from './flux/index.js';
export { contractFamily, renderMesh, type MeshOptions, type PolicyFlavor } from './mesh/index.js';
