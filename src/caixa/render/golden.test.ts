// Golden files for every renderer on the example packages. Regenerate with
// UPDATE_GOLDEN=1 npx vitest run src/caixa/render — never silently: without the variable a missing
// or different golden file fails the test.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderFlux, renderHelmChart, renderMesh, renderNative, toYamlDocuments } from './index.js';
import { loadExample } from './testing/examples.js';

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = join(here, '__golden__');
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (update) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing (run with UPDATE_GOLDEN=1 to write it)`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('renderer golden files', () => {
  it('native: examples/servico', () => {
    golden('native/pedidos.yaml', toYamlDocuments(renderNative(loadExample('servico'))));
  });

  it('native with a namespace: examples/servico', () => {
    golden('native/pedidos-namespaced.yaml', toYamlDocuments(renderNative(loadExample('servico'), { namespace: 'loja' })));
  });

  it('helm: examples/servico, every chart file', () => {
    const chart = renderHelmChart(loadExample('servico'));
    expect(chart.dir).toBe('lareira-pedidos');
    expect(Object.keys(chart.files)).toEqual(['Chart.yaml', 'values.yaml', 'README.md', 'templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml']);
    for (const [path, text] of Object.entries(chart.files)) golden(`helm/${chart.dir}/${path}`, text);
  });

  it('flux: examples/servico on cluster rio', () => {
    golden('flux/pedidos-rio.yaml', toYamlDocuments(renderFlux(loadExample('servico'), { cluster: 'rio', targetNamespace: 'loja' })));
  });

  it('mesh: examples/aplicacao, standard NetworkPolicy', () => {
    golden('mesh/loja-standard.yaml', toYamlDocuments(renderMesh(loadExample('aplicacao'))));
  });

  it('mesh: examples/aplicacao, CiliumNetworkPolicy', () => {
    golden('mesh/loja-cilium.yaml', toYamlDocuments(renderMesh(loadExample('aplicacao'), { policy: 'cilium', gatewayClass: 'cilium' })));
  });
});
