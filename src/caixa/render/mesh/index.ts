// An Aplicacao's network: one policy per contract letting `:de` reach `:para` (the standard
// networking.k8s.io/v1 NetworkPolicy or a CiliumNetworkPolicy, with an L7 path rule for HTTP
// contracts), and for `:entrada` a Gateway listener plus an HTTPRoute to the member.
import type { Caixa, Contract } from '../../model.js';
import { objectMeta, RenderError, requireKind, SERVICE_PORT, type RenderedObject } from '../common.js';

export type PolicyFlavor = 'standard' | 'cilium';

export interface MeshOptions {
  policy?: PolicyFlavor;
  namespace?: string;
  /** gatewayClassName of the Gateway. Default "engenho". */
  gatewayClass?: string;
}

export type ContractFamily = 'http' | 'nats' | 'kafka' | 'kv' | 'other';

export function contractFamily(wit: string): ContractFamily {
  if (wit.startsWith('wasi:http/') || wit.startsWith('http:')) return 'http';
  if (wit.startsWith('nats:')) return 'nats';
  if (wit.startsWith('kafka:')) return 'kafka';
  if (wit.startsWith('wasi:keyvalue/') || wit.startsWith('kv:')) return 'kv';
  return 'other';
}

/** The TCP port traffic of a contract uses: the broker's for messaging, the service's otherwise. */
export function contractPort(contract: Contract): number {
  const family = contractFamily(contract.wit);
  return family === 'nats' ? 4222 : family === 'kafka' ? 9092 : SERVICE_PORT;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** Unique, stable policy names: `<app>-<de>-to-<para>-<wit slug>`, numbered when repeated. */
function policyNames(app: string, contracts: readonly Contract[]): string[] {
  const seen = new Map<string, number>();
  return contracts.map((contract) => {
    const base = `${app}-${contract.de}-to-${contract.para}-${slug(contract.wit)}`.slice(0, 240).replace(/-+$/, '');
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

function contractAnnotations(contract: Contract): Record<string, string> {
  const annotations: Record<string, string> = { 'caixa.engenho.dev/wit': contract.wit };
  if (contract.endpoint !== undefined) annotations['caixa.engenho.dev/endpoint'] = contract.endpoint;
  if (contract.subject !== undefined) annotations['caixa.engenho.dev/subject'] = contract.subject;
  if (contract.slot !== undefined) annotations['caixa.engenho.dev/slot'] = contract.slot;
  return annotations;
}

const memberSelector = (member: string) => ({ matchLabels: { 'app.kubernetes.io/name': member } });

function standardPolicy(name: string, contract: Contract, labels: Record<string, string>, namespace: string | undefined): RenderedObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(name, namespace, labels, contractAnnotations(contract)),
    spec: {
      podSelector: memberSelector(contract.para),
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: memberSelector(contract.de) }], ports: [{ protocol: 'TCP', port: contractPort(contract) }] }],
    },
  };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function ciliumPolicy(name: string, contract: Contract, labels: Record<string, string>, namespace: string | undefined, mtls: boolean): RenderedObject {
  const toPort: Record<string, unknown> = { ports: [{ port: String(contractPort(contract)), protocol: 'TCP' }] };
  if (contractFamily(contract.wit) === 'http' && contract.endpoint !== undefined && contract.endpoint.startsWith('/')) {
    toPort.rules = { http: [{ path: `${escapeRegex(contract.endpoint.replace(/\/+$/, ''))}(/.*)?` }] };
  }
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: objectMeta(name, namespace, labels, contractAnnotations(contract)),
    spec: {
      endpointSelector: memberSelector(contract.para),
      // `:politicas :mtls-required #t` → Cilium mutual authentication on the allowed traffic.
      ingress: [{ fromEndpoints: [memberSelector(contract.de)], toPorts: [toPort], ...(mtls ? { authentication: { mode: 'required' } } : {}) }],
    },
  };
}

export function renderMesh(caixa: Caixa, options: MeshOptions = {}): RenderedObject[] {
  requireKind(caixa, 'Aplicacao', 'render --mesh');
  const app = caixa.aplicacao;
  if (app === undefined) throw new RenderError(`"${caixa.nome}" has no :membros`);
  const labels = { 'app.kubernetes.io/part-of': caixa.nome, 'app.kubernetes.io/version': caixa.versao, 'caixa.engenho.dev/kind': 'Aplicacao' };
  const { namespace } = options;
  const names = policyNames(caixa.nome, app.contratos);
  const mtls = app.politicas?.mtlsRequired === true;
  const objects = app.contratos.map((contract, index) =>
    options.policy === 'cilium' ? ciliumPolicy(names[index], contract, labels, namespace, mtls) : standardPolicy(names[index], contract, labels, namespace),
  );
  if (app.entrada !== undefined) {
    const entrada = app.entrada;
    objects.push(
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: objectMeta(caixa.nome, namespace, labels),
        spec: {
          gatewayClassName: options.gatewayClass ?? 'engenho',
          listeners: [{ name: 'http', protocol: 'HTTP', port: entrada.port, hostname: entrada.host, allowedRoutes: { namespaces: { from: 'Same' } } }],
        },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: objectMeta(caixa.nome, namespace, labels),
        spec: {
          parentRefs: [{ name: caixa.nome, sectionName: 'http' }],
          hostnames: [entrada.host],
          rules: [
            {
              matches: (entrada.paths.length > 0 ? entrada.paths : ['/']).map((path) => ({ path: { type: 'PathPrefix', value: path } })),
              backendRefs: [{ name: entrada.para, port: SERVICE_PORT }],
              ...(app.politicas?.timeout !== undefined ? { timeouts: { request: app.politicas.timeout } } : {}),
            },
          ],
        },
      },
    );
  }
  return objects;
}
