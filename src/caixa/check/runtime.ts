// `:limits`, `:behavior` and `:upgrade-from`.
import type { Behavior, BehaviorHook, Limits, UpgradeInstruction, UpgradeStep } from '../model.js';
import { describeForm, type ValueForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { didYouMean } from './did-you-mean.js';
import { readRecord, requirePair, type Pair } from './pairs.js';
import { readRecordList } from './records.js';
import { readCpu, readDuration, readInteger, readList, readNonEmptyText, readSemver, readSize } from './values.js';

export function readLimits(ctx: CheckContext, pair: Pair): Limits | undefined {
  const pairs = readRecord(ctx, pair.value, ':limits', ['memory', 'fuel', 'wall-clock', 'cpu']);
  if (pairs === undefined) return undefined;
  const limits: Limits = { raw: {} };
  const memory = pairs.get('memory');
  const size = memory && readSize(ctx, memory);
  if (size) [limits.memoryBytes, limits.raw.memory] = [size.value, size.raw];
  const fuelPair = pairs.get('fuel');
  const fuel = fuelPair && readInteger(ctx, fuelPair, 1);
  if (fuel !== undefined) [limits.fuel, limits.raw.fuel] = [fuel, fuel];
  const wall = pairs.get('wall-clock');
  const duration = wall && readDuration(ctx, wall);
  if (duration) [limits.wallClockMs, limits.raw.wallClock] = [duration.value, duration.raw];
  const cpuPair = pairs.get('cpu');
  const cpu = cpuPair && readCpu(ctx, cpuPair);
  if (cpu) [limits.cpuMillis, limits.raw.cpu] = [cpu.value, cpu.raw];
  return limits;
}

const hooks: Record<string, BehaviorHook> = {
  'on-init': 'onInit', 'on-call': 'onCall', 'on-cast': 'onCast', 'on-info': 'onInfo', 'on-state-change': 'onStateChange', 'on-terminate': 'onTerminate',
};

export function readBehavior(ctx: CheckContext, pair: Pair): Behavior | undefined {
  const pairs = readRecord(ctx, pair.value, ':behavior', Object.keys(hooks));
  if (pairs === undefined) return undefined;
  const behavior: Behavior = {};
  for (const [name, hookPair] of pairs) {
    const path = readNonEmptyText(ctx, hookPair);
    if (path !== undefined) behavior[hooks[name]] = path;
  }
  return behavior;
}

export const upgradeInstructions: readonly UpgradeInstruction[] = ['load-module', 'state-change', 'soft-purge', 'purge', 'restart'];

export function readUpgradeFrom(ctx: CheckContext, pair: Pair): UpgradeStep[] {
  const steps: UpgradeStep[] = [];
  for (const { form, pairs } of readRecordList(ctx, pair, 'an :upgrade-from step', ['from', 'instructions']) ?? []) {
    const fromPair = requirePair(ctx, pairs, 'from', form, 'an :upgrade-from step');
    const from = fromPair && readSemver(ctx, fromPair);
    const instructionsPair = requirePair(ctx, pairs, 'instructions', form, 'an :upgrade-from step');
    const list = instructionsPair && readList(ctx, instructionsPair);
    const instructions: UpgradeInstruction[] = [];
    let ok = list !== undefined;
    if (list !== undefined && list.items.length === 0) {
      ctx.error(list, ':instructions must list at least one instruction');
      ok = false;
    }
    for (const item of (list?.items ?? []) as ValueForm[]) {
      const name = item.type === 'symbol' ? item.name : item.type === 'string' ? item.value : undefined;
      if (name !== undefined && (upgradeInstructions as readonly string[]).includes(name)) {
        instructions.push(name as UpgradeInstruction);
        continue;
      }
      ok = false;
      ctx.error(
        item,
        name === undefined
          ? `:instructions must hold instruction names, got ${describeForm(item)}`
          : `unknown upgrade instruction ${name}${didYouMean(name, upgradeInstructions)} (one of ${upgradeInstructions.join(', ')})`,
      );
    }
    if (from !== undefined && ok) steps.push({ from, instructions, at: ctx.at(form) });
  }
  return steps;
}
