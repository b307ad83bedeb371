// Keyword/value lists: `(:a 1 :b 2)`. Every keyword needs a value, keywords are known, none repeats.
import { describeForm, type KeywordForm, type ListForm, type ValueForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { didYouMean } from './did-you-mean.js';

export interface Pair {
  key: KeywordForm;
  value: ValueForm;
}
export type Pairs = Map<string, Pair>;

/** Reads `items` as keyword/value pairs against the `allowed` keywords (names without the colon). */
export function readPairs(ctx: CheckContext, items: readonly ValueForm[], allowed: readonly string[]): Pairs {
  const pairs: Pairs = new Map();
  let i = 0;
  while (i < items.length) {
    const key = items[i];
    if (key.type !== 'keyword') {
      ctx.error(key, `expected a keyword, got ${describeForm(key)} (keyword/value pairs must be complete)`);
      i += 1;
      continue;
    }
    const value = items[i + 1];
    if (value === undefined || value.type === 'keyword') {
      ctx.error(key, `keyword :${key.name} has no value (keyword/value pairs must be complete)`);
      i += 1;
      continue;
    }
    i += 2;
    if (!allowed.includes(key.name)) {
      ctx.error(key, `unknown keyword :${key.name}${didYouMean(key.name, allowed, ':')}`);
      continue;
    }
    const first = pairs.get(key.name);
    if (first !== undefined) {
      ctx.error(key, `duplicate keyword :${key.name} (first written at ${first.key.line}:${first.key.column})`);
      continue;
    }
    pairs.set(key.name, { key, value });
  }
  return pairs;
}

/** A value that must itself be a keyword/value list, e.g. `:fonte (:tipo git …)`. */
export function readRecord(ctx: CheckContext, form: ValueForm, what: string, allowed: readonly string[]): Pairs | undefined {
  if (form.type !== 'list') {
    ctx.error(form, `${what} must be a list of keyword/value pairs, got ${describeForm(form)}`);
    return undefined;
  }
  return readPairs(ctx, form.items as ValueForm[], allowed);
}

export function requirePair(ctx: CheckContext, pairs: Pairs, name: string, at: ListForm | { line: number; column: number }, what: string): Pair | undefined {
  const pair = pairs.get(name);
  if (pair === undefined) ctx.error(at, `${what} is missing required :${name}`);
  return pair;
}
