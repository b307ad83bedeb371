// Lists of records, e.g. `:deps ((:nome "a" …) (:nome "b" …))`.
import type { ValueForm } from '../reader/forms.js';
import type { CheckContext } from './context.js';
import { readRecord, type Pair, type Pairs } from './pairs.js';
import { readList } from './values.js';

export interface RecordItem {
  form: ValueForm;
  pairs: Pairs;
}

export function readRecordList(ctx: CheckContext, pair: Pair, what: string, allowed: readonly string[]): RecordItem[] | undefined {
  const list = readList(ctx, pair);
  if (list === undefined) return undefined;
  const items: RecordItem[] = [];
  for (const form of list.items as ValueForm[]) {
    const pairs = readRecord(ctx, form, what, allowed);
    if (pairs !== undefined) items.push({ form, pairs });
  }
  return items;
}
