// Pieces every renderer shares: the object shape, label sets, Kubernetes quantities from :limits,
// the runtime spec a Servico carries into its ConfigMap / values.yaml, and multi-document YAML.
import YAML from 'yaml';
import type { Caixa } from '../model.js';

/** A Kubernetes object as the renderers produce it (plain JSON). */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export class RenderError extends Error {}

/** The port every rendered Servico listens on (container and Service). */
export const SERVICE_PORT = 8080;

export function selectorLabels(nome: string): Record<string, string> {
  return { 'app.kubernetes.io/name': nome, 'app.kubernetes.io/instance': nome };
}

export function caixaLabels(caixa: Pick<Caixa, 'nome' | 'versao' | 'kind'>): Record<string, string> {
  return { ...selectorLabels(caixa.nome), 'app.kubernetes.io/version': caixa.versao, 'caixa.engenho.dev/kind': caixa.kind };
}

export function requireKind(caixa: Caixa, kind: Caixa['kind'], what: string): void {
  if (caixa.kind !== kind) throw new RenderError(`${what} needs a caixa of kind ${kind}; "${caixa.nome}" is of kind ${caixa.kind}`);
}

/** Bytes as a Kubernetes quantity: the largest binary unit that divides it exactly. */
export function memoryQuantity(bytes: number): string {
  for (const [unit, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function resourceLimits(caixa: Caixa): { limits?: Record<string, string> } {
  const limits: Record<string, string> = {};
  if (caixa.limits?.cpuMillis !== undefined) limits.cpu = cpuQuantity(caixa.limits.cpuMillis);
  if (caixa.limits?.memoryBytes !== undefined) limits.memory = memoryQuantity(caixa.limits.memoryBytes);
  return Object.keys(limits).length > 0 ? { limits } : {};
}

const hookKeywords = {
  onInit: 'on-init',
  onCall: 'on-call',
  onCast: 'on-cast',
  onInfo: 'on-info',
  onStateChange: 'on-state-change',
  onTerminate: 'on-terminate',
} as const;

/**
 * What a Servico needs at run time, keyed by the language's keywords: its modules, limits as
 * written, behavior hooks and upgrade steps. Absent fields are left out, not nulled.
 */
export function runtimeSpec(caixa: Caixa): Record<string, unknown> {
  const spec: Record<string, unknown> = { kind: caixa.kind, nome: caixa.nome, versao: caixa.versao };
  if (caixa.servicos.length > 0) spec.servicos = [...caixa.servicos];
  if (caixa.limits) {
    const { memory, fuel, wallClock, cpu } = caixa.limits.raw;
    const limits: Record<string, unknown> = {};
    if (cpu !== undefined) limits.cpu = cpu;
    if (fuel !== undefined) limits.fuel = fuel;
    if (memory !== undefined) limits.memory = memory;
    if (wallClock !== undefined) limits['wall-clock'] = wallClock;
    spec.limits = limits;
  }
  if (caixa.behavior && Object.keys(caixa.behavior).length > 0) {
    const behavior: Record<string, string> = {};
    for (const [hook, keyword] of Object.entries(hookKeywords)) {
      const path = caixa.behavior[hook as keyof typeof hookKeywords];
      if (path !== undefined) behavior[keyword] = path;
    }
    spec.behavior = behavior;
  }
  if (caixa.upgradeFrom.length > 0) {
    spec['upgrade-from'] = caixa.upgradeFrom.map((step) => ({ from: step.from, instructions: [...step.instructions] }));
  }
  return spec;
}

/** The `caixa.yaml` a ConfigMap carries: keys sorted, as Helm's toYaml would print them. */
export function specYaml(spec: unknown): string {
  return YAML.stringify(spec, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}

export function toYamlDocuments(objects: readonly object[]): string {
  return objects.map((object) => YAML.stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

/** `github:o/r` → https://github.com/o/r; other forms unchanged. */
export function httpsRepository(repo: string): string {
  const hosted = /^(github|gitlab|codeberg):([\w.-]+)\/([\w.-]+)$/.exec(repo);
  if (!hosted) return repo;
  const host = { github: 'github.com', gitlab: 'gitlab.com', codeberg: 'codeberg.org' }[hosted[1] as 'github' | 'gitlab' | 'codeberg'];
  return `https://${host}/${hosted[2]}/${hosted[3]}`;
}

/** Object metadata with keys in the usual order; the namespace only when one is given. */
export function objectMeta(name: string, namespace: string | undefined, labels: Record<string, string>, annotations?: Record<string, string>): RenderedObject['metadata'] {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels,
    ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}
