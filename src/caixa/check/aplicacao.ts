// Kind Aplicacao: members, contracts (in contracts.ts), policies, placement and the entrada.
import type { AplicacaoSpec, Entrada, Member, Placement, PlacementStrategy, Policies } from '../model.js';
import type { ListForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { memberRef, readContracts } from './contracts.js';
import { readRecord, requirePair, type Pair, type Pairs } from './pairs.js';
import { readRecordList } from './records.js';
import { isRateLimit } from './units.js';
import { readBoolean, readDuration, readEnum, readInteger, readKebabName, readNonEmptyText, readSemverRange, readText, readTextList } from './values.js';

export const aplicacaoKeys = ['membros', 'contratos', 'politicas', 'placement', 'entrada'] as const;
function readMembers(ctx: CheckContext, pairs: Pairs, defcaixa: ListForm): Member[] {
  const pair = pairs.get('membros');
  const members: Member[] = [];
  const items = pair ? readRecordList(ctx, pair, 'a member', ['caixa', 'versao']) : [];
  for (const { form, pairs: member } of items ?? []) {
    const caixaPair = requirePair(ctx, member, 'caixa', form, 'a member');
    const versaoPair = requirePair(ctx, member, 'versao', form, 'a member');
    const caixa = caixaPair && readKebabName(ctx, caixaPair);
    const versao = versaoPair && readSemverRange(ctx, versaoPair);
    if (caixa === undefined || versao === undefined) continue;
    const first = members.find((m) => m.caixa === caixa);
    if (first !== undefined) ctx.error(caixaPair!.value, `member ${caixa} is declared twice (first at ${first.at.line}:${first.at.column})`);
    else members.push({ caixa, versao, at: ctx.at(form) });
  }
  if (items !== undefined && items.length === 0) ctx.error(pair?.key ?? defcaixa, 'kind Aplicacao needs at least one member in :membros');
  return members;
}

function readPolicies(ctx: CheckContext, pair: Pair): Policies | undefined {
  const pairs = readRecord(ctx, pair.value, ':politicas', ['timeout', 'retries', 'circuit-breaker', 'mtls-required', 'rate-limit']);
  if (pairs === undefined) return undefined;
  const policies: Policies = {};
  const timeout = pairs.get('timeout');
  if (timeout) policies.timeout = readDuration(ctx, timeout)?.raw;
  const retries = pairs.get('retries');
  if (retries) policies.retries = readInteger(ctx, retries, 0);
  const breaker = pairs.get('circuit-breaker');
  const breakerPairs = breaker && readRecord(ctx, breaker.value, ':circuit-breaker', ['max-failures', 'window']);
  if (breaker && breakerPairs) {
    const maxPair = requirePair(ctx, breakerPairs, 'max-failures', breaker.value, ':circuit-breaker');
    const windowPair = requirePair(ctx, breakerPairs, 'window', breaker.value, ':circuit-breaker');
    const maxFailures = maxPair && readInteger(ctx, maxPair, 1);
    const window = windowPair && readDuration(ctx, windowPair)?.raw;
    if (maxFailures !== undefined && window !== undefined) policies.circuitBreaker = { maxFailures, window };
  }
  const mtls = pairs.get('mtls-required');
  if (mtls) policies.mtlsRequired = readBoolean(ctx, mtls);
  const rate = pairs.get('rate-limit');
  const rateText = rate && readText(ctx, rate);
  if (rate && rateText !== undefined) {
    if (isRateLimit(rateText)) policies.rateLimit = rateText;
    else ctx.error(rate.value, `:rate-limit must read N/s, N/m or N/h such as "100/s", got ${JSON.stringify(rateText)}`);
  }
  for (const key of Object.keys(policies) as (keyof Policies)[]) if (policies[key] === undefined) delete policies[key];
  return policies;
}

function readPlacement(ctx: CheckContext, pair: Pair): Placement | undefined {
  const pairs = readRecord(ctx, pair.value, ':placement', ['estrategia', 'clusters', 'affinity', 'shard-key']);
  if (pairs === undefined) return undefined;
  const strategyPair = pairs.get('estrategia');
  const estrategia = strategyPair ? readEnum(ctx, strategyPair, ['SingleNode', 'Replicated', 'Sharded'] as readonly PlacementStrategy[]) : 'SingleNode';
  const clustersPair = pairs.get('clusters');
  const clusters = clustersPair ? readTextList(ctx, clustersPair) : [];
  const affinityPair = pairs.get('affinity');
  const affinity = affinityPair && readNonEmptyText(ctx, affinityPair);
  const shardPair = pairs.get('shard-key');
  const shardKey = shardPair && readNonEmptyText(ctx, shardPair);
  if (estrategia === 'Sharded' && shardPair === undefined) ctx.error(strategyPair!.value, ':placement :estrategia Sharded requires :shard-key');
  if (estrategia !== undefined && estrategia !== 'Sharded' && shardPair !== undefined) {
    ctx.error(shardPair.key, `:shard-key only applies to :estrategia Sharded (this placement is ${estrategia})`);
    return undefined;
  }
  if (estrategia === undefined || clusters === undefined) return undefined;
  const placement: Placement = { estrategia, clusters };
  if (affinity !== undefined) placement.affinity = affinity;
  if (shardKey !== undefined) placement.shardKey = shardKey;
  return placement;
}

function readEntrada(ctx: CheckContext, pair: Pair, members: readonly Member[], membersKnown: boolean): Entrada | undefined {
  const pairs = readRecord(ctx, pair.value, ':entrada', ['host', 'para', 'paths', 'port']);
  if (pairs === undefined) return undefined;
  const hostPair = requirePair(ctx, pairs, 'host', pair.value, ':entrada');
  const host = hostPair && readNonEmptyText(ctx, hostPair);
  const para = memberRef(ctx, requirePair(ctx, pairs, 'para', pair.value, ':entrada'), members, membersKnown);
  const pathsPair = pairs.get('paths');
  let paths = pathsPair ? readTextList(ctx, pathsPair) : ['/'];
  for (const path of paths ?? []) {
    if (!path.startsWith('/')) {
      ctx.error(pathsPair!.value, `:paths entries must start with /, got ${JSON.stringify(path)}`);
      paths = undefined;
      break;
    }
  }
  const portPair = pairs.get('port');
  let port = portPair ? readInteger(ctx, portPair, 1) : 8080;
  if (port !== undefined && port > 65535) {
    ctx.error(portPair!.value, `:port must be at most 65535, got ${port}`);
    port = undefined;
  }
  if (host === undefined || para === undefined || paths === undefined || port === undefined) return undefined;
  return { host, para, paths, port, at: ctx.at(pair.value) };
}

export function readAplicacao(ctx: CheckContext, pairs: Pairs, defcaixa: ListForm): AplicacaoSpec | undefined {
  const errorsBefore = ctx.diagnostics.length;
  const members = readMembers(ctx, pairs, defcaixa);
  const membersKnown = ctx.diagnostics.length === errorsBefore;
  const contratosPair = pairs.get('contratos');
  const contratos = contratosPair ? readContracts(ctx, contratosPair, members, membersKnown) : [];
  const politicasPair = pairs.get('politicas');
  const politicas = politicasPair && readPolicies(ctx, politicasPair);
  const placementPair = pairs.get('placement');
  const placement = placementPair && readPlacement(ctx, placementPair);
  const entradaPair = pairs.get('entrada');
  const entrada = entradaPair && readEntrada(ctx, entradaPair, members, membersKnown);
  if (contratos === undefined) return undefined;
  const spec: AplicacaoSpec = { membros: members, contratos };
  if (politicas) spec.politicas = politicas;
  if (placement) spec.placement = placement;
  if (entrada) spec.entrada = entrada;
  return spec;
}
