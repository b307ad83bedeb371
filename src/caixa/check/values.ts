// Typed reads of single values. Each reports a positioned error and returns undefined on a bad value.
import semver from 'semver';
import { describeForm, type ListForm, type ValueForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { didYouMean } from './did-you-mean.js';
import type { Pair } from './pairs.js';
import { isKebabCase, parseCpu, parseDuration, parseSize } from './units.js';

const label = (pair: Pair) => `:${pair.key.name}`;

/** A string or a bare symbol. */
export function textOf(form: ValueForm): string | undefined {
  if (form.type === 'string') return form.value;
  if (form.type === 'symbol') return form.name;
  return undefined;
}

export function readText(ctx: CheckContext, pair: Pair): string | undefined {
  const text = textOf(pair.value);
  if (text === undefined) ctx.error(pair.value, `${label(pair)} must be a string, got ${describeForm(pair.value)}`);
  return text;
}

export function readNonEmptyText(ctx: CheckContext, pair: Pair): string | undefined {
  const text = readText(ctx, pair);
  if (text === '') {
    ctx.error(pair.value, `${label(pair)} must not be empty`);
    return undefined;
  }
  return text;
}

export function readKebabName(ctx: CheckContext, pair: Pair): string | undefined {
  const text = readText(ctx, pair);
  if (text === undefined) return undefined;
  if (!isKebabCase(text)) {
    ctx.error(pair.value, `${label(pair)} must be kebab-case (lowercase words joined by -), got ${JSON.stringify(text)}`);
    return undefined;
  }
  return text;
}

export function readInteger(ctx: CheckContext, pair: Pair, min: number): number | undefined {
  if (pair.value.type !== 'integer') {
    ctx.error(pair.value, `${label(pair)} must be an integer, got ${describeForm(pair.value)}`);
    return undefined;
  }
  if (pair.value.value < min) {
    ctx.error(pair.value, `${label(pair)} must be ${min === 1 ? 'greater than 0' : `at least ${min}`}, got ${pair.value.value}`);
    return undefined;
  }
  return pair.value.value;
}

export function readBoolean(ctx: CheckContext, pair: Pair): boolean | undefined {
  if (pair.value.type !== 'boolean') {
    ctx.error(pair.value, `${label(pair)} must be #t or #f, got ${describeForm(pair.value)}`);
    return undefined;
  }
  return pair.value.value;
}

export function readList(ctx: CheckContext, pair: Pair): ListForm | undefined {
  if (pair.value.type !== 'list') {
    ctx.error(pair.value, `${label(pair)} must be a list, got ${describeForm(pair.value)}`);
    return undefined;
  }
  return pair.value;
}

export function readTextList(ctx: CheckContext, pair: Pair): string[] | undefined {
  const list = readList(ctx, pair);
  if (list === undefined) return undefined;
  const texts: string[] = [];
  let ok = true;
  for (const item of list.items as ValueForm[]) {
    const text = textOf(item);
    if (text === undefined) {
      ctx.error(item, `${label(pair)} must hold strings, got ${describeForm(item)}`);
      ok = false;
    } else {
      texts.push(text);
    }
  }
  return ok ? texts : undefined;
}

export function readEnum<T extends string>(ctx: CheckContext, pair: Pair, values: readonly T[]): T | undefined {
  const text = textOf(pair.value);
  if (text !== undefined && (values as readonly string[]).includes(text)) return text as T;
  const got = text ?? describeForm(pair.value);
  ctx.error(pair.value, `${label(pair)} must be one of ${values.join(', ')}, got ${got}${text === undefined ? '' : didYouMean(text, values)}`);
  return undefined;
}

export function isExactSemver(text: string): boolean {
  return semver.valid(text) === text;
}

export function readSemver(ctx: CheckContext, pair: Pair): string | undefined {
  const text = textOf(pair.value);
  if (text !== undefined && isExactSemver(text)) return text;
  ctx.error(pair.value, `${label(pair)} must be a semver version such as 1.2.3, got ${text === undefined ? describeForm(pair.value) : JSON.stringify(text)}`);
  return undefined;
}

export function readSemverRange(ctx: CheckContext, pair: Pair): string | undefined {
  const text = textOf(pair.value);
  if (text !== undefined && text.trim() === text && text !== '' && semver.validRange(text) !== null) return text;
  ctx.error(pair.value, `${label(pair)} must be a semver range such as ^0.1, ~1.2, 1.2.3 or *, got ${text === undefined ? describeForm(pair.value) : JSON.stringify(text)}`);
  return undefined;
}

function readUnit(ctx: CheckContext, pair: Pair, parse: (text: string) => number | undefined, expected: string): { value: number; raw: string } | undefined {
  const raw = pair.value.type === 'integer' ? String(pair.value.value) : textOf(pair.value);
  const value = raw === undefined ? undefined : parse(raw);
  if (raw === undefined || value === undefined) {
    ctx.error(pair.value, `${label(pair)} must be ${expected}, got ${raw === undefined ? describeForm(pair.value) : JSON.stringify(raw)}`);
    return undefined;
  }
  return { value, raw };
}

export const readSize = (ctx: CheckContext, pair: Pair) => readUnit(ctx, pair, parseSize, 'a size such as 64MiB, 512KiB or 1GiB');
export const readDuration = (ctx: CheckContext, pair: Pair) =>
  readUnit(ctx, pair, (t) => (/^[0-9]+$/.test(t) ? undefined : parseDuration(t)), 'a duration such as 30s, 500ms or 1m30s');
export const readCpu = (ctx: CheckContext, pair: Pair) => readUnit(ctx, pair, parseCpu, 'cpu as cores such as 2 or 0.5, or millicores such as 500m');
