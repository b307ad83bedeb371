import { describe, expect, it } from 'vitest';
import type { Caixa, Contract } from '../model.js';
import { cpuQuantity, memoryQuantity } from './common.js';
import { renderFlux, renderMesh, renderNative } from './index.js';
import { loadExample } from './testing/examples.js';

const at = { file: 'caixa.lisp', line: 1, column: 1 };
const contract = (de: string, para: string, wit: string, extra: Partial<Contract> = {}): Contract => ({ de, para, wit, synchronous: false, at, ...extra });

function app(contratos: Contract[]): Caixa {
  const loja = loadExample('aplicacao');
  return { ...loja, aplicacao: { ...loja.aplicacao!, contratos, entrada: undefined } };
}

describe('quantities', () => {
  it('memory uses the largest binary unit that divides exactly; cpu in cores or millicores', () => {
    expect([memoryQuantity(64 * 1024 ** 2), memoryQuantity(2 * 1024 ** 3), memoryQuantity(1536), memoryQuantity(1000)]).toEqual(['64Mi', '2Gi', '1536', '1000']);
    expect(memoryQuantity(3 * 1024)).toBe('3Ki');
    expect([cpuQuantity(500), cpuQuantity(2000), cpuQuantity(1500)]).toEqual(['500m', '2', '1500m']);
  });
});

describe('mesh', () => {
  it('uses the broker port for messaging contracts and the service port otherwise', () => {
    const objects = renderMesh(
      app([
        contract('vitrine', 'pedidos', 'http:api', { endpoint: '/x', synchronous: true }),
        contract('pedidos', 'estoque', 'kafka:eventos', { subject: 'eventos' }),
        contract('pedidos', 'estoque', 'kv:cache', { slot: 'cache' }),
        contract('pedidos', 'estoque', 'nats:a', { subject: 'a' }),
      ]),
    );
    expect(objects.map((o) => [o.metadata.name, (o.spec as any).ingress[0].ports[0].port])).toEqual([
      ['loja-vitrine-to-pedidos-http-api', 8080],
      ['loja-pedidos-to-estoque-kafka-eventos', 9092],
      ['loja-pedidos-to-estoque-kv-cache', 8080],
      ['loja-pedidos-to-estoque-nats-a', 4222],
    ]);
    expect(objects[2].metadata.annotations).toEqual({ 'caixa.engenho.dev/wit': 'kv:cache', 'caixa.engenho.dev/slot': 'cache' });
  });

  it('numbers policies for repeated contracts so names stay unique', () => {
    const objects = renderMesh(app([contract('pedidos', 'estoque', 'nats:a', { subject: 'a' }), contract('pedidos', 'estoque', 'nats:a', { subject: 'b' })]));
    expect(objects.map((o) => o.metadata.name)).toEqual(['loja-pedidos-to-estoque-nats-a', 'loja-pedidos-to-estoque-nats-a-2']);
  });

  it('cilium: an L7 path rule only for HTTP contracts with a path endpoint', () => {
    const objects = renderMesh(
      app([
        contract('vitrine', 'pedidos', 'wasi:http/incoming-handler', { endpoint: '/v1.0/pedidos/', synchronous: true }),
        contract('vitrine', 'pedidos', 'http:api', { endpoint: 'api', synchronous: true }),
      ]),
      { policy: 'cilium' },
    );
    expect((objects[0].spec as any).ingress[0].toPorts).toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ path: '/v1\\.0/pedidos(/.*)?' }] } }]);
    expect((objects[1].spec as any).ingress[0].toPorts).toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }] }]);
  });

  it('cilium: mutual authentication only when :politicas says :mtls-required #t', () => {
    const withMtls = app([contract('pedidos', 'estoque', 'nats:a', { subject: 'a' })]);
    const without = { ...withMtls, aplicacao: { ...withMtls.aplicacao!, politicas: undefined } };
    expect((renderMesh(withMtls, { policy: 'cilium' })[0].spec as any).ingress[0].authentication).toEqual({ mode: 'required' });
    expect((renderMesh(without, { policy: 'cilium' })[0].spec as any).ingress[0]).not.toHaveProperty('authentication');
  });

  it('an Aplicacao without contracts or entrada renders nothing; other kinds are refused', () => {
    expect(renderMesh(app([]))).toEqual([]);
    expect(() => renderMesh(loadExample('servico'))).toThrow('render --mesh needs a caixa of kind Aplicacao; "pedidos" is of kind Servico');
  });
});

describe('native and flux', () => {
  it('native: a Servico without limits has empty resources and no limit env', () => {
    const servico = { ...loadExample('servico'), limits: undefined };
    const deployment = renderNative(servico)[1] as any;
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({});
    expect(deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).toEqual(['CAIXA_NOME', 'CAIXA_VERSAO', 'CAIXA_SPEC']);
  });

  it('native and flux refuse other kinds; flux needs :repositorio', () => {
    expect(() => renderNative(loadExample('binario'))).toThrow('render --native needs a caixa of kind Servico; "contador" is of kind Binario');
    expect(() => renderFlux(loadExample('supervisor'))).toThrow('render --flux needs a caixa of kind Servico; "vigia" is of kind Supervisor');
    expect(() => renderFlux({ ...loadExample('servico'), repositorio: undefined })).toThrow(
      'render --flux needs :repositorio in "pedidos" (the Git repository Flux pulls)',
    );
  });
});
