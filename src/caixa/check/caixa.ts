// `(defcaixa …)` → Caixa: the top-level fields, then the kind-specific rules.
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Caixa, CaixaKind } from '../model.js';
import { describeForm, type ListForm, type ValueForm } from '../reader/forms.js';
import { readForms } from '../reader/read.js';
import { CaixaSyntaxError } from '../reader/syntax-error.js';
import { aplicacaoKeys, readAplicacao } from './aplicacao.js';
import { CheckContext } from './context.js';
import { readDependencies } from './deps.js';
import { readPairs } from './pairs.js';
import { readBehavior, readLimits, readUpgradeFrom } from './runtime.js';
import { readSupervisor, supervisorKeys } from './supervisor.js';
import { readEnum, readKebabName, readNonEmptyText, readSemver, readText, readTextList } from './values.js';

export const caixaKinds: readonly CaixaKind[] = ['Biblioteca', 'Binario', 'Servico', 'Supervisor', 'Aplicacao'];
const commonKeys = [
  'nome', 'versao', 'kind', 'descricao', 'edicao', 'repositorio', 'licenca', 'autores', 'etiquetas', 'deps', 'deps-dev',
  'exe', 'bibliotecas', 'servicos', 'limits', 'behavior', 'upgrade-from',
] as const;
export const defcaixaKeys: readonly string[] = [...commonKeys, ...supervisorKeys, ...aplicacaoKeys];

export const camelCase = (keyword: string) => keyword.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function syntaxDiagnostic(error: CaixaSyntaxError): Diagnostic {
  return { file: error.file, line: error.line, column: error.column, severity: 'error', rule: 'syntax', message: error.reason };
}

/** Finds the single `(defcaixa …)` form of a file. */
export function findDefcaixa(ctx: CheckContext, forms: readonly ValueForm[]): ListForm | undefined {
  if (forms.length === 0) {
    ctx.error({ line: 1, column: 1 }, 'expected a (defcaixa …) form, the file is empty');
    return undefined;
  }
  const [form, extra] = forms;
  if (extra !== undefined) ctx.error(extra, 'only one (defcaixa …) form is allowed in a file');
  const head = form.type === 'list' ? form.items[0] : undefined;
  if (form.type !== 'list' || head?.type !== 'symbol' || head.name !== 'defcaixa') {
    ctx.error(form, `expected (defcaixa …), got ${form.type === 'list' && head ? `a list starting with ${describeForm(head)}` : describeForm(form)}`);
    return undefined;
  }
  return form;
}

export function parseCaixaSource(text: string, file: string): { caixa?: Caixa; diagnostics: Diagnostic[] } {
  let forms: ValueForm[];
  try {
    forms = readForms(text, file) as ValueForm[];
  } catch (error) {
    if (error instanceof CaixaSyntaxError) return { diagnostics: [syntaxDiagnostic(error)] };
    throw error;
  }
  const ctx = new CheckContext(file);
  const defcaixa = findDefcaixa(ctx, forms);
  if (defcaixa === undefined) return { diagnostics: ctx.diagnostics };
  const caixa = checkDefcaixa(ctx, defcaixa);
  const diagnostics = sortDiagnostics(ctx.diagnostics);
  return ctx.failed || caixa === undefined ? { diagnostics } : { caixa, diagnostics };
}

function checkDefcaixa(ctx: CheckContext, defcaixa: ListForm): Caixa | undefined {
  const pairs = readPairs(ctx, defcaixa.items.slice(1) as ValueForm[], defcaixaKeys);
  const required = (name: string) => {
    const pair = pairs.get(name);
    if (pair === undefined) ctx.error(defcaixa, `(defcaixa …) is missing required :${name}`);
    return pair;
  };
  const nomePair = required('nome');
  const versaoPair = required('versao');
  const kindPair = required('kind');
  const nome = nomePair && readKebabName(ctx, nomePair);
  const versao = versaoPair && readSemver(ctx, versaoPair);
  const kind = kindPair && readEnum(ctx, kindPair, caixaKinds);

  const caixa: Partial<Caixa> & { positions: Record<string, Caixa['at']> } = {
    autores: [], etiquetas: [], deps: [], depsDev: [], exe: [], bibliotecas: [], servicos: [], upgradeFrom: [],
    at: ctx.at(defcaixa), positions: {},
  };
  for (const [name, pair] of pairs) caixa.positions[camelCase(name)] = ctx.at(pair.key);
  for (const name of ['descricao', 'edicao', 'repositorio', 'licenca'] as const) {
    const pair = pairs.get(name);
    const value = pair && (name === 'descricao' ? readText(ctx, pair) : readNonEmptyText(ctx, pair));
    if (value !== undefined) caixa[name] = value;
  }
  for (const [name, field] of [['autores', 'autores'], ['etiquetas', 'etiquetas'], ['exe', 'exe'], ['bibliotecas', 'bibliotecas'], ['servicos', 'servicos']] as const) {
    const pair = pairs.get(name);
    const value = pair && readTextList(ctx, pair);
    if (value !== undefined) caixa[field] = value;
  }
  const deps = pairs.get('deps');
  if (deps) caixa.deps = readDependencies(ctx, deps);
  const depsDev = pairs.get('deps-dev');
  if (depsDev) caixa.depsDev = readDependencies(ctx, depsDev);
  const limits = pairs.get('limits');
  if (limits) caixa.limits = readLimits(ctx, limits);
  const behavior = pairs.get('behavior');
  if (behavior) caixa.behavior = readBehavior(ctx, behavior);
  const upgrade = pairs.get('upgrade-from');
  if (upgrade) caixa.upgradeFrom = readUpgradeFrom(ctx, upgrade);

  if (kind !== undefined) {
    for (const [keys, owner] of [[supervisorKeys, 'Supervisor'], [aplicacaoKeys, 'Aplicacao']] as const) {
      if (kind === owner) continue;
      for (const name of keys) {
        const pair = pairs.get(name);
        if (pair) ctx.error(pair.key, `:${name} is only allowed for kind ${owner}, this caixa is ${kind}`);
      }
    }
    if (kind === 'Supervisor') caixa.supervisor = readSupervisor(ctx, pairs, defcaixa);
    if (kind === 'Aplicacao') caixa.aplicacao = readAplicacao(ctx, pairs, defcaixa);
  }
  if (nome === undefined || versao === undefined || kind === undefined) return undefined;
  return { ...caixa, nome, versao, kind } as Caixa;
}
