// `:deps` / `:deps-dev`: (:nome :versao :fonte :opcional :caracteristicas).
import type { Dependency, DependencySource } from '../model.js';
import type { ValueForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { readRecord, requirePair, type Pair } from './pairs.js';
import { readRecordList } from './records.js';
import { readBoolean, readEnum, readNonEmptyText, readSemverRange, readTextList } from './values.js';

const dependencyKeys = ['nome', 'versao', 'fonte', 'opcional', 'caracteristicas'] as const;
const sourceKeys = ['tipo', 'repo', 'tag', 'rev', 'branch', 'caminho'] as const;
const gitOnly = ['repo', 'tag', 'rev', 'branch'];

function readSource(ctx: CheckContext, form: ValueForm): DependencySource | undefined {
  const pairs = readRecord(ctx, form, ':fonte', sourceKeys);
  if (pairs === undefined) return undefined;
  const tipoPair = requirePair(ctx, pairs, 'tipo', form, ':fonte');
  const tipo = tipoPair && readEnum(ctx, tipoPair, ['git', 'path'] as const);
  if (tipo === undefined) return undefined;
  const at = ctx.at(form);
  if (tipo === 'git') {
    const caminho = pairs.get('caminho');
    if (caminho !== undefined) ctx.error(caminho.key, ':caminho does not apply to :tipo git (use :repo)');
    const repoPair = requirePair(ctx, pairs, 'repo', form, 'a git :fonte');
    const repo = repoPair && readNonEmptyText(ctx, repoPair);
    const pins = (['tag', 'rev', 'branch'] as const).filter((name) => pairs.has(name));
    if (pins.length > 1) ctx.error(pairs.get(pins[1])!.key, `a git :fonte is pinned by only one of :tag, :rev or :branch (found :${pins.join(', :')})`);
    const source: DependencySource = { tipo: 'git', repo: repo ?? '', at };
    for (const pin of pins) {
      const text = readNonEmptyText(ctx, pairs.get(pin)!);
      if (text !== undefined) source[pin] = text;
    }
    return repo === undefined ? undefined : source;
  }
  for (const name of gitOnly) {
    const pair = pairs.get(name);
    if (pair !== undefined) ctx.error(pair.key, `:${name} does not apply to :tipo path (use :caminho)`);
  }
  const caminhoPair = requirePair(ctx, pairs, 'caminho', form, 'a path :fonte');
  const caminho = caminhoPair && readNonEmptyText(ctx, caminhoPair);
  return caminho === undefined ? undefined : { tipo: 'path', caminho, at };
}

export function readDependencies(ctx: CheckContext, pair: Pair): Dependency[] {
  const deps: Dependency[] = [];
  const seen = new Map<string, ValueForm>();
  for (const { form, pairs } of readRecordList(ctx, pair, 'a dependency', dependencyKeys) ?? []) {
    const nomePair = requirePair(ctx, pairs, 'nome', form, 'a dependency');
    const versaoPair = requirePair(ctx, pairs, 'versao', form, 'a dependency');
    const nome = nomePair && readNonEmptyText(ctx, nomePair);
    const versao = versaoPair && readSemverRange(ctx, versaoPair);
    const fontePair = pairs.get('fonte');
    const fonte = fontePair && readSource(ctx, fontePair.value);
    const opcionalPair = pairs.get('opcional');
    const opcional = opcionalPair ? readBoolean(ctx, opcionalPair) : false;
    const caracteristicasPair = pairs.get('caracteristicas');
    const caracteristicas = caracteristicasPair ? readTextList(ctx, caracteristicasPair) : [];
    if (nome !== undefined) {
      const first = seen.get(nome);
      if (first !== undefined) ctx.error(nomePair!.value, `dependency ${nome} is declared twice in :${pair.key.name} (first at ${first.line}:${first.column})`);
      else seen.set(nome, form);
    }
    if (nome === undefined || versao === undefined) continue;
    const dep: Dependency = { nome, versao, opcional: opcional ?? false, caracteristicas: caracteristicas ?? [], at: ctx.at(form) };
    if (fonte !== undefined) dep.fonte = fonte;
    deps.push(dep);
  }
  return deps;
}
