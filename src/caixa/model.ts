// The typed form of a `(defcaixa …)` package, as the reader and checker produce it and the lock,
// renderers and feira CLI consume it. Every node keeps where it was written (`at`) so later checks
// can point at `caixa.lisp:line:col`. Field names are the language's keywords in camelCase.

/** A position in a source file (1-based line and column). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type CaixaKind = 'Biblioteca' | 'Binario' | 'Servico' | 'Supervisor' | 'Aplicacao';

export type DependencySource =
  | { tipo: 'git'; repo: string; tag?: string; rev?: string; branch?: string; at: SourcePosition }
  | { tipo: 'path'; caminho: string; at: SourcePosition };

export interface Dependency {
  nome: string;
  /** A semver range: `^0.1`, `~1.2`, `*`, `>=1.0.0 <2.0.0`… */
  versao: string;
  fonte?: DependencySource;
  opcional: boolean;
  caracteristicas: string[];
  at: SourcePosition;
}

export interface Limits {
  /** Bytes (from `64MiB`, `1Gi`, `512KB`…). */
  memoryBytes?: number;
  fuel?: number;
  /** Milliseconds (from `30s`, `1m`, `500ms`…). */
  wallClockMs?: number;
  /** Millicores (from `500m`, `2`). */
  cpuMillis?: number;
  /** The text as written, for renderers that pass it on. */
  raw: { memory?: string; fuel?: number; wallClock?: string; cpu?: string };
}

export type BehaviorHook = 'onInit' | 'onCall' | 'onCast' | 'onInfo' | 'onStateChange' | 'onTerminate';
export type Behavior = Partial<Record<BehaviorHook, string>>;

export type UpgradeInstruction = 'load-module' | 'state-change' | 'soft-purge' | 'purge' | 'restart';
export interface UpgradeStep {
  from: string;
  instructions: UpgradeInstruction[];
  at: SourcePosition;
}

export type SupervisorStrategy = 'OneForOne' | 'OneForAll' | 'RestForOne' | 'SimpleOneForOne';
export type RestartType = 'Permanent' | 'Temporary' | 'Transient';
export interface SupervisorChild {
  caixa: string;
  versao: string;
  restart: RestartType;
  at: SourcePosition;
}
export interface SupervisorSpec {
  estrategia: SupervisorStrategy;
  maxRestarts: number;
  /** Milliseconds, and the text as written. */
  restartWindowMs?: number;
  restartWindow?: string;
  children: SupervisorChild[];
}

export interface Member {
  caixa: string;
  versao: string;
  at: SourcePosition;
}
export interface Contract {
  de: string;
  para: string;
  /** e.g. `wasi:http/incoming-handler`, `nats:orders`, `kv:cache`. */
  wit: string;
  endpoint?: string;
  subject?: string;
  slot?: string;
  /** Synchronous (request/response) contracts take part in the cycle check: http and wasi:http. */
  synchronous: boolean;
  at: SourcePosition;
}
export interface Policies {
  timeout?: string;
  retries?: number;
  circuitBreaker?: { maxFailures: number; window: string };
  mtlsRequired?: boolean;
  /** `N/s`, `N/m` or `N/h`. */
  rateLimit?: string;
}
export type PlacementStrategy = 'SingleNode' | 'Replicated' | 'Sharded';
export interface Placement {
  estrategia: PlacementStrategy;
  clusters: string[];
  affinity?: string;
  shardKey?: string;
}
export interface Entrada {
  host: string;
  para: string;
  paths: string[];
  /** Default 8080. */
  port: number;
  at: SourcePosition;
}
export interface AplicacaoSpec {
  membros: Member[];
  contratos: Contract[];
  politicas?: Policies;
  placement?: Placement;
  entrada?: Entrada;
}

export interface Caixa {
  nome: string;
  versao: string;
  kind: CaixaKind;
  descricao?: string;
  edicao?: string;
  repositorio?: string;
  licenca?: string;
  autores: string[];
  etiquetas: string[];
  deps: Dependency[];
  depsDev: Dependency[];
  exe: string[];
  bibliotecas: string[];
  servicos: string[];
  limits?: Limits;
  behavior?: Behavior;
  upgradeFrom: UpgradeStep[];
  /** Only for kind Supervisor. */
  supervisor?: SupervisorSpec;
  /** Only for kind Aplicacao. */
  aplicacao?: AplicacaoSpec;
  /** Where the `(defcaixa` form starts. */
  at: SourcePosition;
  /** Where each top-level keyword was written, by its camelCase field name. */
  positions: Record<string, SourcePosition>;
}
