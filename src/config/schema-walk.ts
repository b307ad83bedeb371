// Reads the zod schema as data: which keys exist at a path, and what kind of value each leaf holds.
// The env mapping, the flag parser and the unknown-key check are all derived from it.
import { z } from 'zod';
import { engenhoConfigSchema } from './schema.js';

export type LeafKind = 'string' | 'number' | 'boolean' | 'list' | 'enum';

export interface ConfigLeaf {
  path: string[];
  kind: LeafKind;
  /** For enums: the accepted values. */
  values?: readonly string[];
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodDefault) current = current._def.innerType;
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else return current;
  }
}

/** The object schema at `path`, or undefined when the path is not an object section. */
export function sectionAt(path: readonly string[]): z.AnyZodObject | undefined {
  let current: z.ZodTypeAny = engenhoConfigSchema;
  for (const key of path) {
    const object = unwrap(current);
    if (!(object instanceof z.ZodObject)) return undefined;
    const child = (object.shape as Record<string, z.ZodTypeAny>)[key];
    if (!child) return undefined;
    current = child;
  }
  const result = unwrap(current);
  return result instanceof z.ZodObject ? result : undefined;
}

function leafKind(schema: z.ZodTypeAny): Pick<ConfigLeaf, 'kind' | 'values'> {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodNumber) return { kind: 'number' };
  if (inner instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (inner instanceof z.ZodArray) return { kind: 'list' };
  if (inner instanceof z.ZodEnum) return { kind: 'enum', values: inner.options as string[] };
  return { kind: 'string' };
}

function collectLeaves(object: z.AnyZodObject, prefix: string[], into: ConfigLeaf[]): void {
  for (const [key, child] of Object.entries(object.shape as Record<string, z.ZodTypeAny>)) {
    const inner = unwrap(child);
    const path = [...prefix, key];
    if (inner instanceof z.ZodObject) collectLeaves(inner, path, into);
    else into.push({ path, ...leafKind(inner) });
  }
}

let cachedLeaves: ConfigLeaf[] | undefined;

/** Every settable key, in schema order. */
export function configLeaves(): ConfigLeaf[] {
  if (!cachedLeaves) {
    cachedLeaves = [];
    collectLeaves(engenhoConfigSchema, [], cachedLeaves);
  }
  return cachedLeaves;
}

export function findLeaf(path: readonly string[]): ConfigLeaf | undefined {
  const key = path.join('.');
  return configLeaves().find((leaf) => leaf.path.join('.') === key);
}
