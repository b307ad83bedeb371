// The FieldsV1 encoding of a field set, byte-for-byte in upstream's key order:
// {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"a\"}":{...}}}}
import { FieldSet } from '../../field-set.js';
import { isJsonObject } from '../../json-value.js';
import { comparePathElements, fieldPathText, parsePathElementKey, pathElementKey, type FieldPath, type PathElement } from '../../path-element.js';

export type FieldsV1 = { [key: string]: FieldsV1 };

export function fieldSetToFieldsV1(set: FieldSet): FieldsV1 {
  return emitContents(set, false);
}

function emitContents(set: FieldSet, includeSelf: boolean): FieldsV1 {
  const out: FieldsV1 = {};
  const members = set.members();
  const children = set.children();
  if (includeSelf && (members.length > 0 || children.length > 0)) out['.'] = {};
  let memberIndex = 0;
  let childIndex = 0;
  while (memberIndex < members.length || childIndex < children.length) {
    const member: PathElement | undefined = members[memberIndex];
    const child = children[childIndex];
    const order = member === undefined ? 1 : child === undefined ? -1 : comparePathElements(member, child.element);
    if (order < 0) {
      out[pathElementKey(member)] = {};
      memberIndex += 1;
    } else if (order > 0) {
      out[pathElementKey(child.element)] = emitContents(child.set, false);
      childIndex += 1;
    } else {
      out[pathElementKey(child.element)] = emitContents(child.set, true);
      memberIndex += 1;
      childIndex += 1;
    }
  }
  return out;
}

/** Parses FieldsV1 JSON (object or text); throws an Error that names where it is malformed. */
export function fieldsV1ToFieldSet(fields: unknown): FieldSet {
  const value = typeof fields === 'string' ? parseText(fields) : fields;
  const set = new FieldSet();
  if (value === undefined || value === null) return set;
  if (!isJsonObject(value)) throw new Error('fieldsV1 must be a JSON object');
  readInto(set, value, []);
  return set;
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`fieldsV1 is not valid JSON: ${(error as Error).message}`);
  }
}

function readInto(set: FieldSet, object: Record<string, unknown>, path: FieldPath): void {
  for (const [key, nested] of Object.entries(object)) {
    if (key === '.') continue;
    let element: PathElement;
    try {
      element = parsePathElementKey(key);
    } catch (error) {
      throw new Error(`fieldsV1${path.length > 0 ? ` at ${fieldPathText(path)}` : ''}: ${(error as Error).message}`);
    }
    const childPath = [...path, element];
    if (!isJsonObject(nested)) throw new Error(`fieldsV1 at ${fieldPathText(childPath)}: expected a JSON object, got ${JSON.stringify(nested)}`);
    const keys = Object.keys(nested);
    if (keys.length === 0 || keys.includes('.')) set.insertMember(element);
    if (keys.some((nestedKey) => nestedKey !== '.')) readInto(set.childOrCreate(element), nested, childPath);
  }
}
