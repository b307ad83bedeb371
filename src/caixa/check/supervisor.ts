// Kind Supervisor: strategy, restart intensity and children.
import type { RestartType, SupervisorChild, SupervisorSpec, SupervisorStrategy } from '../model.js';
import type { ListForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { requirePair, type Pairs } from './pairs.js';
import { readRecordList } from './records.js';
import { readDuration, readEnum, readInteger, readKebabName, readSemverRange } from './values.js';

export const supervisorKeys = ['estrategia', 'max-restarts', 'restart-window', 'children'] as const;
const strategies: readonly SupervisorStrategy[] = ['OneForOne', 'OneForAll', 'RestForOne', 'SimpleOneForOne'];
const restarts: readonly RestartType[] = ['Permanent', 'Temporary', 'Transient'];

export function readSupervisor(ctx: CheckContext, pairs: Pairs, defcaixa: ListForm): SupervisorSpec | undefined {
  const strategyPair = pairs.get('estrategia');
  const estrategia = strategyPair ? readEnum(ctx, strategyPair, strategies) : 'OneForOne';
  const maxPair = pairs.get('max-restarts');
  const maxRestarts = maxPair ? readInteger(ctx, maxPair, 1) : 5;
  const windowPair = pairs.get('restart-window');
  const window = windowPair && readDuration(ctx, windowPair);

  const children: SupervisorChild[] = [];
  const childrenPair = pairs.get('children');
  const items = childrenPair ? readRecordList(ctx, childrenPair, 'a child', ['caixa', 'versao', 'restart']) : [];
  for (const { form, pairs: child } of items ?? []) {
    const caixaPair = requirePair(ctx, child, 'caixa', form, 'a child');
    const versaoPair = requirePair(ctx, child, 'versao', form, 'a child');
    const caixa = caixaPair && readKebabName(ctx, caixaPair);
    const versao = versaoPair && readSemverRange(ctx, versaoPair);
    const restartPair = child.get('restart');
    const restart = restartPair ? readEnum(ctx, restartPair, restarts) : 'Permanent';
    if (caixa !== undefined && versao !== undefined && restart !== undefined) children.push({ caixa, versao, restart, at: ctx.at(form) });
  }

  if (estrategia === 'SimpleOneForOne' && childrenPair !== undefined && childrenPair.value.type === 'list' && childrenPair.value.items.length > 0) {
    ctx.error(childrenPair.key, ':estrategia SimpleOneForOne takes no static :children (its children are started at run time)');
  }
  if (estrategia !== undefined && estrategia !== 'SimpleOneForOne' && items !== undefined && items.length === 0) {
    ctx.error(childrenPair?.key ?? defcaixa, `:estrategia ${estrategia} needs at least one child in :children`);
  }
  if (estrategia === undefined || maxRestarts === undefined || (windowPair && !window)) return undefined;
  const spec: SupervisorSpec = { estrategia, maxRestarts, children };
  if (window) [spec.restartWindowMs, spec.restartWindow] = [window.value, window.raw];
  return spec;
}
