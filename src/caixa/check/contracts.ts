// Contracts between members: the WIT prefix decides the extra field, both ends are members, and
// synchronous contracts form no cycle.
import type { Contract, Member } from '../model.js';
import type { ValueForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { findCycles } from './cycle.js';
import { requirePair, type Pair } from './pairs.js';
import { readRecordList } from './records.js';
import { readNonEmptyText, readText } from './values.js';

const contractExtras = ['endpoint', 'subject', 'slot'] as const;
type ContractExtra = (typeof contractExtras)[number];

/** The extra field a WIT interface needs, by its prefix, and whether calls over it are synchronous. */
export function witRequirement(wit: string): { extra?: ContractExtra; synchronous: boolean } {
  if (wit.startsWith('wasi:http/') || wit.startsWith('http:')) return { extra: 'endpoint', synchronous: true };
  if (wit.startsWith('nats:') || wit.startsWith('kafka:')) return { extra: 'subject', synchronous: false };
  if (wit.startsWith('wasi:keyvalue/') || wit.startsWith('kv:')) return { extra: 'slot', synchronous: false };
  return { synchronous: false };
}

export function memberRef(ctx: CheckContext, pair: Pair | undefined, members: readonly Member[], membersKnown: boolean): string | undefined {
  if (pair === undefined) return undefined;
  const name = readNonEmptyText(ctx, pair);
  if (name === undefined) return undefined;
  if (membersKnown && !members.some((m) => m.caixa === name)) {
    const list = members.map((m) => m.caixa).join(', ');
    ctx.error(pair.value, `:${pair.key.name} ${name} is not a member of :membros${list === '' ? '' : ` (members: ${list})`}`);
    return undefined;
  }
  return name;
}

export function readContracts(ctx: CheckContext, pair: Pair, members: readonly Member[], membersKnown: boolean): Contract[] | undefined {
  const contracts: Contract[] = [];
  const forms: ValueForm[] = [];
  let ok = true;
  for (const { form, pairs } of readRecordList(ctx, pair, 'a contract', ['de', 'para', 'wit', ...contractExtras]) ?? []) {
    const de = memberRef(ctx, requirePair(ctx, pairs, 'de', form, 'a contract'), members, membersKnown);
    const para = memberRef(ctx, requirePair(ctx, pairs, 'para', form, 'a contract'), members, membersKnown);
    const witPair = requirePair(ctx, pairs, 'wit', form, 'a contract');
    let wit = witPair && readText(ctx, witPair);
    if (wit !== undefined && !/^[a-z][a-z0-9-]*:\S+$/.test(wit)) {
      ctx.error(witPair!.value, `:wit must name an interface such as wasi:http/incoming-handler, nats:orders or kv:cache, got ${JSON.stringify(wit)}`);
      wit = undefined;
    }
    if (de === undefined || para === undefined || wit === undefined) {
      ok = false;
      continue;
    }
    const { extra, synchronous } = witRequirement(wit);
    const contract: Contract = { de, para, wit, synchronous, at: ctx.at(form) };
    for (const name of contractExtras) {
      const extraPair = pairs.get(name);
      if (extraPair === undefined) continue;
      if (name !== extra) {
        ctx.error(extraPair.key, `:${name} does not apply to :wit ${JSON.stringify(wit)}${extra ? ` (it takes :${extra})` : ''}`);
        ok = false;
        continue;
      }
      const value = readNonEmptyText(ctx, extraPair);
      if (value === undefined) ok = false;
      else contract[name] = value;
    }
    if (extra !== undefined && !pairs.has(extra)) {
      ctx.error(form, `contract ${de} -> ${para} over ${JSON.stringify(wit)} needs :${extra}`);
      ok = false;
    }
    contracts.push(contract);
    forms.push(form);
  }
  const edges = contracts.flatMap((c, i) => (c.synchronous ? [{ from: c.de, to: c.para, item: forms[i] }] : []));
  for (const cycle of findCycles(members.map((m) => m.caixa), edges)) {
    ctx.error(cycle.first, `synchronous contracts form a cycle: ${cycle.path.join(' -> ')}`);
    ok = false;
  }
  return ok ? contracts : undefined;
}

