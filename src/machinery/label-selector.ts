// Label selectors as upstream's k8s.io/apimachinery/pkg/labels: the string form (`a=b,c!=d,e in (f,g),
// !h,i,j>3`), the metav1.LabelSelector object form, matching, and printing back.
import { badRequest } from './errors.js';
import { fieldErrorText, fieldForbidden, fieldInvalid, fieldRequired, type FieldError } from './field-errors.js';
import { validateLabelValue, validateQualifiedName } from './names.js';
import { hasOwnField } from './own-property.js';

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Sorted and without duplicates; empty for exists and `!`. */
  values: string[];
}

export interface LabelSelector {
  /** All must match (AND). No requirements means "everything" unless `matchesNothing`. */
  requirements: LabelRequirement[];
  /** A null metav1.LabelSelector selects nothing. */
  matchesNothing?: boolean;
}

/** metav1.LabelSelector */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

export const everything: LabelSelector = { requirements: [] };
export const nothing: LabelSelector = { requirements: [], matchesNothing: true };

type TokenKind = 'identifier' | 'operator' | 'open' | 'close' | 'comma' | 'not' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
}

const specialChars = new Set(['=', '!', '(', ')', ',', '>', '<']);
const symbols = ['!=', '==', '=', '!', '(', ')', ',', '>', '<'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (specialChars.has(ch)) {
      const symbol = symbols.find((s) => text.startsWith(s, i));
      if (symbol === undefined) throw new Error(`error expected: keyword found '${ch}'`);
      i += symbol.length;
      const kind: TokenKind =
        symbol === '(' ? 'open' : symbol === ')' ? 'close' : symbol === ',' ? 'comma' : symbol === '!' ? 'not' : 'operator';
      tokens.push({ kind, text: symbol });
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/.test(text[end]) && !specialChars.has(text[end])) end += 1;
    tokens.push({ kind: 'identifier', text: text.slice(i, end) });
    i = end;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'end') return requirements;
      if (token.kind !== 'identifier' && token.kind !== 'not') {
        throw new Error(`found '${token.text}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (error) {
        throw new Error(`unable to parse requirement: ${(error as Error).message}`);
      }
      const after = this.next();
      if (after.kind === 'end') return requirements;
      if (after.kind !== 'comma') throw new Error(`found '${after.text}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.kind !== 'identifier' && following.kind !== 'not') {
        throw new Error(`found '${following.text}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let token = this.next();
    const negated = token.kind === 'not';
    if (negated) token = this.next();
    if (token.kind !== 'identifier') throw new Error(`found '${token.text}', expected: identifier`);
    const key = token.text;
    if (negated) return newRequirement(key, '!', []);
    const following = this.peek().kind;
    if (following === 'end' || following === 'comma') return newRequirement(key, 'exists', []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValueList() : this.parseExactValue();
    return newRequirement(key, operator, values);
  }

  private parseOperator(): LabelOperator {
    const token = this.next();
    if (token.kind === 'operator') return token.text as LabelOperator;
    if (token.kind === 'identifier' && (token.text === 'in' || token.text === 'notin')) return token.text;
    throw new Error(`found '${token.text}', expected: =, !=, ==, in, notin, >, <`);
  }

  private parseExactValue(): string[] {
    const token = this.peek();
    if (token.kind === 'end' || token.kind === 'comma') return [''];
    this.next();
    if (token.kind === 'identifier') return [token.text];
    throw new Error(`found '${token.text}', expected: identifier`);
  }

  private parseValueList(): string[] {
    const open = this.next();
    if (open.kind !== 'open') throw new Error(`found '${open.text}' expected: '('`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const token = this.next();
      if (token.kind === 'close') {
        if (expectValue) values.push('');
        return values;
      }
      if (token.kind === 'comma') {
        if (expectValue) values.push('');
        expectValue = true;
        continue;
      }
      if (token.kind === 'identifier' && expectValue) {
        values.push(token.text);
        expectValue = false;
        continue;
      }
      throw new Error(expectValue ? `found '${token.text}', expected: ',', ')' or identifier` : `found '${token.text}', expected: ',' or ')'`);
    }
  }
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Builds one requirement, with upstream's checks of key, values and their count for the operator. */
export function newRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const errors: FieldError[] = [];
  const keyErrors = validateQualifiedName(key);
  if (keyErrors.length > 0) errors.push(fieldInvalid('key', key, keyErrors.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(fieldInvalid('values', values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errors.push(fieldInvalid('values', values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(fieldInvalid('values', values, 'values set must be empty for exists and does not exist'));
      break;
    case '>':
    case '<':
      if (values.length !== 1) errors.push(fieldInvalid('values', values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((value, index) => {
        if (!/^[+-]?\d+$/.test(value)) errors.push(fieldInvalid(`values[${index}]`, value, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  if (operator !== '>' && operator !== '<') {
    values.forEach((value, index) => {
      const valueErrors = validateLabelValue(value);
      if (valueErrors.length > 0) errors.push(fieldInvalid(`values[${index}][${key}]`, value, valueErrors.join('; ')));
    });
  }
  if (errors.length > 0) {
    const texts = errors.map(fieldErrorText);
    throw new Error(texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`);
  }
  return { key, operator, values: sortedUnique(values) };
}

function sortRequirements(requirements: LabelRequirement[]): LabelRequirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Parses `?labelSelector=`; bad input throws a 400 StatusError naming the offending part. */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    return { requirements: sortRequirements(new Parser(tokenize(text)).parse()) };
  } catch (error) {
    throw badRequest(`unable to parse label selector ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
}

/** Field errors of a metav1.LabelSelector, as upstream's ValidateLabelSelector (paths under `path`). */
export function validateLabelSelectorObject(selector: LabelSelectorObject | null | undefined, path: string): FieldError[] {
  if (selector === null || selector === undefined) return [];
  if (!isPlainObject(selector)) return [fieldInvalid(path, selector, 'must be an object')];
  const errors: FieldError[] = [];
  const labelPath = `${path}.matchLabels`;
  const matchLabels: unknown = selector.matchLabels ?? {};
  if (!isPlainObject(matchLabels)) errors.push(fieldInvalid(labelPath, matchLabels, 'must be a map of string keys to string values'));
  else {
    for (const [key, value] of Object.entries(matchLabels)) {
      for (const message of validateQualifiedName(key)) errors.push(fieldInvalid(labelPath, key, message));
      for (const message of validateLabelValue(String(value))) errors.push(fieldInvalid(labelPath, value, message));
    }
  }
  const expressions: unknown = selector.matchExpressions ?? [];
  if (!Array.isArray(expressions)) return [...errors, fieldInvalid(`${path}.matchExpressions`, expressions, 'must be a list')];
  expressions.forEach((expression: unknown, index) => {
    const expressionPath = `${path}.matchExpressions[${index}]`;
    if (!isPlainObject(expression)) {
      errors.push(fieldInvalid(expressionPath, expression, 'must be an object'));
      return;
    }
    const rawValues = expression.values ?? [];
    if (!Array.isArray(rawValues)) {
      errors.push(fieldInvalid(`${expressionPath}.values`, rawValues, 'must be a list of strings'));
      return;
    }
    const values: unknown[] = rawValues;
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errors.push(fieldRequired(`${expressionPath}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errors.push(fieldForbidden(`${expressionPath}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errors.push(fieldInvalid(`${expressionPath}.operator`, expression.operator ?? '', 'not a valid selector operator'));
    }
    for (const message of validateQualifiedName(String(expression.key ?? ''))) errors.push(fieldInvalid(`${expressionPath}.key`, expression.key ?? '', message));
    values.forEach((value, valueIndex) => {
      for (const message of validateLabelValue(String(value))) errors.push(fieldInvalid(`${expressionPath}.values[${valueIndex}]`, value, message));
    });
  });
  return errors;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const objectOperators: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** metav1.LabelSelector -> selector. null/undefined selects nothing; `{}` selects everything. */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelSelector {
  if (selector === null || selector === undefined) return nothing;
  const requirements: LabelRequirement[] = [];
  try {
    const matchLabels: unknown = selector.matchLabels ?? {};
    const expressions: unknown = selector.matchExpressions ?? [];
    if (!isPlainObject(selector) || !isPlainObject(matchLabels) || !Array.isArray(expressions)) {
      throw new Error('a label selector is {matchLabels: {key: value}, matchExpressions: [{key, operator, values}]}');
    }
    for (const [key, value] of Object.entries(matchLabels)) requirements.push(newRequirement(key, '=', [String(value)]));
    for (const expression of expressions as unknown[]) {
      if (!isPlainObject(expression)) throw new Error(`matchExpressions entries must be objects, got ${JSON.stringify(expression)}`);
      const operatorName = String(expression.operator);
      const operator = hasOwnField(objectOperators, operatorName) ? objectOperators[operatorName] : undefined;
      if (operator === undefined) throw new Error(`${JSON.stringify(expression.operator)} is not a valid label selector operator`);
      const values: unknown = expression.values ?? [];
      if (!Array.isArray(values)) throw new Error(`values of ${JSON.stringify(expression.key)} must be a list of strings`);
      requirements.push(newRequirement(String(expression.key ?? ''), operator, values.map(String)));
    }
  } catch (error) {
    throw badRequest(`invalid label selector: ${(error as Error).message}`);
  }
  return { requirements: sortRequirements(requirements) };
}

function requirementMatches(requirement: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case '=':
    case '==':
    case 'in':
      return has && requirement.values.includes(value as string);
    case '!=':
    case 'notin':
      return !has || !requirement.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case '>':
    case '<': {
      if (!has || !/^[+-]?\d+$/.test(value as string)) return false;
      const actual = BigInt(value as string);
      const bound = BigInt(requirement.values[0]);
      return requirement.operator === '>' ? actual > bound : actual < bound;
    }
  }
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | null | undefined): boolean {
  if (selector.matchesNothing === true) return false;
  const actual = labels ?? {};
  return selector.requirements.every((requirement) => requirementMatches(requirement, actual));
}

export function isEverything(selector: LabelSelector): boolean {
  return selector.matchesNothing !== true && selector.requirements.length === 0;
}

function requirementToString(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement;
  switch (operator) {
    case 'exists':
      return key;
    case '!':
      return `!${key}`;
    case 'in':
    case 'notin':
      return `${key} ${operator} (${values.join(',')})`;
    default:
      return `${key}${operator}${values.join(',')}`;
  }
}

/** The canonical string form (requirements sorted by key, set values sorted), parseable again. */
export function selectorToString(selector: LabelSelector): string {
  return selector.requirements.map(requirementToString).join(',');
}
