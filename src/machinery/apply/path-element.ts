// One step of a field path, as upstream's fieldpath.PathElement: a struct or map field, the key of a
// map-list item, the value of a set item, or (rarely) a list index.
import { canonicalJson, compareJsonValues, compareStrings, isJsonObject, valueToPathText } from './json-value.js';

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  /** Key fields of a map-list item, sorted by name. */
  | { readonly kind: 'key'; readonly fields: ReadonlyArray<readonly [string, unknown]> }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

export type FieldPath = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

export function keyElement(fields: Iterable<readonly [string, unknown]>): PathElement {
  const sorted = [...fields].sort(([left], [right]) => compareStrings(left, right));
  return { kind: 'key', fields: sorted };
}

export function valueElement(value: unknown): PathElement {
  return { kind: 'value', value };
}

export function indexElement(index: number): PathElement {
  return { kind: 'index', index };
}

const kindRank = { field: 0, key: 1, value: 2, index: 3 } as const;

/** Upstream's order: fields by name, then keys, then values, then indices. */
export function comparePathElements(left: PathElement, right: PathElement): number {
  if (left.kind !== right.kind) return kindRank[left.kind] - kindRank[right.kind];
  switch (left.kind) {
    case 'field':
      return compareStrings(left.name, (right as typeof left).name);
    case 'key': {
      const other = (right as typeof left).fields;
      for (let index = 0; index < Math.min(left.fields.length, other.length); index += 1) {
        const nameOrder = compareStrings(left.fields[index][0], other[index][0]);
        if (nameOrder !== 0) return nameOrder;
        const valueOrder = compareJsonValues(left.fields[index][1], other[index][1]);
        if (valueOrder !== 0) return valueOrder;
      }
      return Math.sign(left.fields.length - other.length);
    }
    case 'value':
      return compareJsonValues(left.value, (right as typeof left).value);
    case 'index':
      return Math.sign(left.index - (right as typeof left).index);
  }
}

const keyCache = new WeakMap<PathElement, string>();

/** The FieldsV1 key of an element: `f:name`, `k:{"name":"a"}`, `v:"x"`, `i:0`. Also its identity. */
export function pathElementKey(element: PathElement): string {
  if (element.kind === 'field') return `f:${element.name}`;
  let key = keyCache.get(element);
  if (key === undefined) {
    key = computeKey(element);
    keyCache.set(element, key);
  }
  return key;
}

function computeKey(element: PathElement): string {
  switch (element.kind) {
    case 'field':
      return `f:${element.name}`;
    case 'key':
      return `k:{${element.fields.map(([name, value]) => `${JSON.stringify(name)}:${canonicalJson(value)}`).join(',')}}`;
    case 'value':
      return `v:${canonicalJson(element.value)}`;
    case 'index':
      return `i:${element.index}`;
  }
}

/** Parses a FieldsV1 key; throws an Error naming the key when it is malformed. */
export function parsePathElementKey(text: string): PathElement {
  const prefix = text.slice(0, 2);
  const body = text.slice(2);
  switch (prefix) {
    case 'f:':
      return fieldElement(body);
    case 'k:': {
      const parsed = parseJsonOrThrow(body, text);
      if (!isJsonObject(parsed) || Object.keys(parsed).length === 0) {
        throw new Error(`invalid key ${JSON.stringify(text)}: expected a non-empty JSON object after "k:"`);
      }
      return keyElement(Object.entries(parsed));
    }
    case 'v:':
      return valueElement(parseJsonOrThrow(body, text));
    case 'i:': {
      if (!/^(0|[1-9][0-9]*)$/.test(body)) throw new Error(`invalid key ${JSON.stringify(text)}: expected a list index after "i:"`);
      return indexElement(Number(body));
    }
    default:
      throw new Error(`invalid key ${JSON.stringify(text)}: expected one of the prefixes "f:", "k:", "v:", "i:" or "."`);
  }
}

function parseJsonOrThrow(body: string, text: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new Error(`invalid key ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
}

/** How upstream prints an element in messages: `.name`, `[name="a",port=80]`, `[="x"]`, `[0]`. */
export function pathElementText(element: PathElement): string {
  switch (element.kind) {
    case 'field':
      return `.${element.name}`;
    case 'key':
      return `[${element.fields.map(([name, value]) => `${name}=${valueToPathText(value)}`).join(',')}]`;
    case 'value':
      return `[=${valueToPathText(element.value)}]`;
    case 'index':
      return `[${element.index}]`;
  }
}

/** `.spec.template.spec.containers[name="app"].image` */
export function fieldPathText(path: FieldPath): string {
  return path.map(pathElementText).join('');
}
