import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadExample } from '../testing/examples.js';
import { renderNative } from '../native/index.js';
import { chartValues, renderHelmChart } from './index.js';
import { renderTemplate } from './testing/evaluate.js';

describe('helm chart', () => {
  const caixa = loadExample('servico');
  const chart = renderHelmChart(caixa);

  it('Chart.yaml is valid YAML with the required v2 fields from the caixa', () => {
    const meta = YAML.parse(chart.files['Chart.yaml']);
    expect(meta).toEqual({
      apiVersion: 'v2',
      name: 'lareira-pedidos',
      description: 'Takes and tracks orders for the loja example',
      type: 'application',
      version: '0.3.0',
      appVersion: '0.3.0',
      keywords: ['pedidos', 'http', 'exemplo'],
      home: 'https://github.com/engenho-dev/pedidos',
      sources: ['https://github.com/engenho-dev/pedidos'],
      maintainers: [{ name: 'Ana Souza', email: 'ana@example.com' }, { name: 'Bruno Lima' }],
    });
  });

  it('values.yaml holds the runtime spec with limits, behavior and upgrade-from', () => {
    const values = YAML.parse(chart.files['values.yaml']);
    expect(values).toEqual(chartValues(caixa));
    expect(values.caixa).toEqual({
      kind: 'Servico',
      nome: 'pedidos',
      versao: '0.3.0',
      servicos: ['servicos/pedidos.lisp'],
      limits: { cpu: '500m', fuel: 5000000, memory: '64MiB', 'wall-clock': '30s' },
      behavior: { 'on-init': 'servicos/ciclo.lisp', 'on-call': 'servicos/pedidos.lisp', 'on-terminate': 'servicos/ciclo.lisp' },
      'upgrade-from': [
        { from: '0.2.0', instructions: ['load-module', 'state-change', 'soft-purge'] },
        { from: '0.1.0', instructions: ['restart'] },
      ],
    });
    expect(values.resources).toEqual({ limits: { cpu: '500m', memory: '64Mi' } });
  });

  it('the templates, rendered from values.yaml, are valid YAML and give exactly the native objects', () => {
    const scope = { Values: YAML.parse(chart.files['values.yaml']), Release: { Name: 'pedidos', Namespace: 'default' } };
    const rendered = ['templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml'].map((path) =>
      YAML.parse(renderTemplate(chart.files[path], scope)),
    );
    expect(rendered).toEqual(renderNative(caixa));
  });

  it('other release names and values flow through the templates', () => {
    const values = YAML.parse(chart.files['values.yaml']);
    values.replicas = 3;
    values.image.tag = '0.3.0-rc1';
    const scope = { Values: values, Release: { Name: 'pedidos-b', Namespace: 'x' } };
    const deployment = YAML.parse(renderTemplate(chart.files['templates/deployment.yaml'], scope));
    expect(deployment.metadata.name).toBe('pedidos-b');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].image).toBe('ghcr.io/caixa/pedidos:0.3.0-rc1');
    expect(deployment.spec.template.spec.volumes[0].configMap.name).toBe('pedidos-b-caixa');
  });

  it('a caixa without descricao, etiquetas, autores or repositorio leaves those Chart.yaml fields out', () => {
    const bare = { ...caixa, descricao: undefined, etiquetas: [], autores: [], repositorio: undefined };
    expect(YAML.parse(renderHelmChart(bare).files['Chart.yaml'])).toEqual({
      apiVersion: 'v2',
      name: 'lareira-pedidos',
      description: 'The caixa pedidos',
      type: 'application',
      version: '0.3.0',
      appVersion: '0.3.0',
    });
  });

  it('only a Servico has a chart', () => {
    expect(() => renderHelmChart(loadExample('biblioteca'))).toThrow('a Helm chart needs a caixa of kind Servico; "texto-util" is of kind Biblioteca');
  });
});
