// Field selectors as upstream's k8s.io/apimachinery/pkg/fields: `metadata.name=x,status.phase!=Running`,
// values escaped with backslashes (`\,`, `\=`, `\\`).
import { badRequest } from './errors.js';
import { hasOwnField } from './own-property.js';

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  field: string;
  operator: FieldOperator;
  value: string;
}

export interface FieldSelector {
  /** All must match (AND); none means everything. */
  requirements: FieldRequirement[];
}

const termOperators: FieldOperator[] = ['!=', '==', '='];

function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i += 1) {
    if (escaped) escaped = false;
    else if (text[i] === '\\') escaped = true;
    else if (text[i] === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i += 1) {
    for (const operator of termOperators) {
      if (term.startsWith(operator, i)) return [term.slice(0, i), operator, term.slice(i + operator.length)];
    }
  }
  return undefined;
}

function unescapeValue(value: string): string {
  if (!value.includes('\\')) return value;
  let result = '';
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (ch !== '\\') {
      result += ch;
      continue;
    }
    const next = value[i + 1];
    if (next === '\\' || next === ',' || next === '=') {
      result += next;
      i += 1;
      continue;
    }
    throw new Error(`invalid field selector: invalid escape sequence in ${JSON.stringify(value)}`);
  }
  return result;
}

/** Escapes a value for the string form: the inverse of parsing. */
export function escapeFieldValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
}

/** Parses `?fieldSelector=`; bad input throws a 400 StatusError naming the offending term. */
export function parseFieldSelector(text: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text.trim())) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (parts === undefined) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [field, operator, rawValue] = parts;
    if (field.trim() === '') throw badRequest(`invalid selector: '${text}'; the field name is missing in '${term}'`);
    try {
      requirements.push({ field: field.trim(), operator, value: unescapeValue(rawValue) });
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  }
  return { requirements };
}

/** Matches a flat map of a resource's selectable fields; a missing field counts as "". */
export function matchesFields(selector: FieldSelector, fields: Record<string, string | undefined>): boolean {
  return selector.requirements.every(({ field, operator, value }) => {
    const actual = (hasOwnField(fields, field) ? fields[field] : undefined) ?? '';
    return operator === '!=' ? actual !== value : actual === value;
  });
}

export function fieldSelectorToString(selector: FieldSelector): string {
  return selector.requirements.map(({ field, operator, value }) => `${field}${operator}${escapeFieldValue(value)}`).join(',');
}

/** The value a selector demands for `field` with = or ==, if any (lets the server narrow a list). */
export function requiredFieldValue(selector: FieldSelector, field: string): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator !== '!=')?.value;
}
