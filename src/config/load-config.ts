// Resolves the effective configuration: defaults < YAML file < ENGENHO_* environment < flags,
// remembering which tier set each value.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ZodIssue } from 'zod';
import { defaultLayer } from './defaults.js';
import { CONFIG_FILE_ENV, envLayer } from './env-layer.js';
import { ConfigError } from './errors.js';
import { parseConfigFile, readConfigFile } from './file-layer.js';
import { flagLayer } from './flag-layer.js';
import { type ConfigLayer, getIn, isPlainObject, mergeLayer } from './layer.js';
import { type EngenhoConfig, engenhoConfigSchema } from './schema.js';
import { formatSource, joinPath, type SourceMap, type ValueSource } from './sources.js';

export interface LoadConfigOptions {
  /** From --config; wins over $ENGENHO_CONFIG and the XDG location. */
  configFile?: string;
  /** Explicitly given config flags by name without dashes (see CONFIG_FLAGS). */
  flags?: Record<string, string>;
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
}

export interface LoadedConfig {
  config: EngenhoConfig;
  sources: SourceMap;
  /** The config file that was read, if any, and why it was chosen. */
  file?: { path: string; chosenBy: string };
}

export function locateConfigFile(
  configFile: string | undefined,
  env: Record<string, string | undefined>,
): LoadedConfig['file'] {
  if (configFile) return { path: configFile, chosenBy: 'flag:--config' };
  if (env[CONFIG_FILE_ENV]) return { path: env[CONFIG_FILE_ENV] as string, chosenBy: `env:${CONFIG_FILE_ENV}` };
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  const candidate = join(configHome, 'engenho', 'engenho.yaml');
  return existsSync(candidate) ? { path: candidate, chosenBy: 'XDG_CONFIG_HOME' } : undefined;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const file = locateConfigFile(options.configFile, env);
  const layers: ConfigLayer[] = [
    { values: defaultLayer(), sourceOf: () => ({ kind: 'default' }) },
    ...(file ? [parseConfigFile(readConfigFile(file.path), file.path)] : []),
    envLayer(env),
    flagLayer(options.flags ?? {}),
  ];
  const merged: Record<string, unknown> = {};
  const sources: SourceMap = new Map();
  for (const layer of layers) mergeLayer(merged, layer, sources);
  fillDerivedDefaults(merged, sources);
  return { config: validateMerged(merged, sources), sources, ...(file ? { file } : {}) };
}

/** Checks a file on its own (defaults below it, nothing above): `engenho config validate FILE`. */
export function validateConfigFile(path: string): EngenhoConfig {
  const merged: Record<string, unknown> = {};
  const sources: SourceMap = new Map();
  mergeLayer(merged, { values: defaultLayer(), sourceOf: () => ({ kind: 'default' }) }, sources);
  mergeLayer(merged, parseConfigFile(readConfigFile(path), path), sources);
  fillDerivedDefaults(merged, sources);
  return validateMerged(merged, sources);
}

function fillDerivedDefaults(merged: Record<string, unknown>, sources: SourceMap): void {
  const dataDir = typeof merged.dataDir === 'string' ? merged.dataDir : '.';
  const derived: ValueSource = { kind: 'default', derivedFrom: 'dataDir' };
  const server = merged.server;
  if (isPlainObject(server) && server.tlsDir === undefined) {
    server.tlsDir = join(dataDir, 'tls');
    sources.set('server.tlsDir', derived);
  }
  const kubelet = merged.kubelet;
  if (isPlainObject(kubelet) && kubelet.rootDir === undefined) {
    kubelet.rootDir = join(dataDir, 'kubelet');
    sources.set('kubelet.rootDir', derived);
  }
  const store = merged.store;
  if (!isPlainObject(store)) return;
  if (store.etcd !== undefined && store.sqlite !== undefined) {
    const origin = (prefix: string): string => {
      const entry = [...sources.entries()].find(([path]) => path === prefix || path.startsWith(`${prefix}.`));
      return entry ? formatSource(entry[1]) : 'unknown';
    };
    throw new ConfigError([
      `store: choose one backend, but both store.sqlite (${origin('store.sqlite')}) and store.etcd (${origin('store.etcd')}) are set`,
    ]);
  }
  if (store.etcd === undefined) {
    const sqlite = isPlainObject(store.sqlite) ? store.sqlite : (store.sqlite = {});
    if (isPlainObject(sqlite) && sqlite.path === undefined) {
      sqlite.path = join(dataDir, 'state.db');
      sources.set('store.sqlite.path', derived);
    }
  }
}

function validateMerged(merged: Record<string, unknown>, sources: SourceMap): EngenhoConfig {
  const result = engenhoConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, merged, sources)));
}

function describeIssue(issue: ZodIssue, merged: Record<string, unknown>, sources: SourceMap): string {
  const path = joinPath(issue.path);
  const where = whereOf(issue.path.map(String), sources);
  const given = describeValue(getIn(merged, issue.path));
  const prefix = `${where}: ${path || '(top level)'}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return `${prefix}: required ${issue.expected} is missing`;
      return `${prefix}: expected ${article(issue.expected)}, got ${given}`;
    case 'invalid_enum_value':
      return `${prefix}: expected one of ${issue.options.join(', ')}, got ${given}`;
    case 'unrecognized_keys':
      return `${prefix}: unknown key(s) ${issue.keys.join(', ')}`;
    default:
      return `${prefix}: ${issue.message}, got ${given}`;
  }
}

function whereOf(path: string[], sources: SourceMap): string {
  for (let length = path.length; length >= 0; length--) {
    const key = path.slice(0, length).join('.');
    const exact = sources.get(key);
    if (exact) return describeSource(exact);
    const below = [...sources.entries()].find(([candidate]) => key !== '' && candidate.startsWith(`${key}.`));
    if (below && length === path.length) return describeSource(below[1]);
  }
  return 'config';
}

function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case 'file':
      return source.line ? `${source.path}:${source.line}:${source.column}` : source.path;
    case 'env':
      return `env ${source.name}`;
    case 'flag':
      return `flag ${source.name}`;
    default:
      return 'default';
  }
}

const article = (expected: string): string => (/^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`);

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value) || isPlainObject(value)) return `${Array.isArray(value) ? 'a list' : 'a mapping'} ${JSON.stringify(value)}`;
  return String(value);
}
