// A tier of configuration (defaults, file, env or flags): a partial nested object plus where each
// value came from. Layers merge leaf by leaf, the later one winning.
import type { SourceMap, ValueSource } from './sources.js';

export interface ConfigLayer {
  values: Record<string, unknown>;
  /** The source of the value at a dotted path of this layer. */
  sourceOf(path: string): ValueSource;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(current[key])) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[path[path.length - 1]] = value;
}

export function getIn(source: unknown, path: readonly (string | number)[]): unknown {
  let current = source;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key as string];
  }
  return current;
}

/** Merges `layer` into `target` in place, recording the source of every leaf it sets. */
export function mergeLayer(target: Record<string, unknown>, layer: ConfigLayer, sources: SourceMap): void {
  const walk = (into: Record<string, unknown>, from: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(from)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isPlainObject(value)) {
        if (!isPlainObject(into[key])) {
          into[key] = {};
          forgetBelow(sources, path);
          sources.delete(path);
        }
        walk(into[key] as Record<string, unknown>, value, path);
      } else {
        into[key] = value;
        forgetBelow(sources, path);
        sources.set(path, layer.sourceOf(path));
      }
    }
  };
  walk(target, layer.values, '');
}

function forgetBelow(sources: SourceMap, path: string): void {
  for (const key of [...sources.keys()]) if (key.startsWith(`${path}.`)) sources.delete(key);
}
