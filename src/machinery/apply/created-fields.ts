// The fields a create gives its writer, remembered by the object's shape. With no earlier managers,
// a create's field set depends only on the schema and on the object's shape: which keys it has,
// which values are null, maps or lists, and the contents of its lists (list items are named by
// their keys or values). Other scalars never matter: compared with nothing they are all added. So
// events, and pods made from one template, which differ in names, times and messages only, share
// one computed FieldsV1 and skip the comparison and the encoding.
import type { SchemaNode } from '../../api/schema-types.js';
import { getOrCreate } from '../get-or-create.js';
import type { SchemaWalker } from '../schema-walk.js';
import type { FieldsV1 } from './fields-v1.js';
import { isJsonObject, type JsonObject } from './json-value.js';

/** null: the create gives the writer no fields. */
type Remembered = FieldsV1 | null;

const bySchema = new WeakMap<SchemaWalker, WeakMap<SchemaNode, Map<string, Remembered>>>();
const limit = 512;

/** The shape of an object: keys and nesting kept, scalars outside lists folded, lists kept whole. */
export function shapeKey(object: JsonObject): string {
  let key = '{';
  for (const name in object) {
    const value = object[name];
    if (value === undefined) continue;
    // Length-prefixed names need no escaping and cannot run into what follows.
    key += `${name.length}:${name}${valueShape(value)},`;
  }
  return `${key}}`;
}

function valueShape(value: unknown): string {
  if (value === null) return 'n';
  if (Array.isArray(value)) return JSON.stringify(value);
  if (isJsonObject(value)) return shapeKey(value);
  return 's';
}

function entries(walker: SchemaWalker, schema: SchemaNode): Map<string, Remembered> {
  return getOrCreate(getOrCreate(bySchema, walker, () => new WeakMap()), schema, () => new Map<string, Remembered>());
}

/** The FieldsV1 remembered for creates of this shape (null: none), or undefined when not known. */
export function rememberedCreate(walker: SchemaWalker, schema: SchemaNode, shape: string): Remembered | undefined {
  return entries(walker, schema).get(shape);
}

export function rememberCreate(walker: SchemaWalker, schema: SchemaNode, shape: string, fields: Remembered): void {
  const byShape = entries(walker, schema);
  if (byShape.size >= limit) byShape.clear();
  byShape.set(shape, fields);
}
