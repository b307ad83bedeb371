// The file tier: a YAML document checked against the schema's keys before any value is looked at,
// so a typo is reported with its line:col and a suggestion instead of being silently ignored.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { didYouMean } from './did-you-mean.js';
import { ConfigError } from './errors.js';
import type { ConfigLayer } from './layer.js';
import { sectionAt } from './schema-walk.js';

interface Position {
  line: number;
  column: number;
}

export function readConfigFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ConfigError([`${file}: cannot read the config file: ${reason}`]);
  }
}

/** Parses YAML text into a layer; `file` names it in sources and messages. */
export function parseConfigFile(text: string, file: string): ConfigLayer {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Position => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };

  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => {
        const { line, column } = at(error.pos[0]);
        return `${file}:${line}:${column}: YAML syntax error: ${firstLine(error.message)}`;
      }),
    );
  }

  const positions = new Map<string, Position>();
  const problems: string[] = [];
  const contents = document.contents as Node | null;
  if (contents !== null && !(isScalar(contents) && contents.value === null)) {
    if (!isMap(contents)) {
      const { line, column } = at(contents.range?.[0]);
      throw new ConfigError([`${file}:${line}:${column}: expected a mapping of configuration keys at the top level`]);
    }
    checkKeys(contents, [], { file, at, positions, problems });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const values = withoutNulls(document.toJS() as unknown);
  return {
    values: (values ?? {}) as Record<string, unknown>,
    sourceOf(path) {
      const position = nearestPosition(positions, path);
      return { kind: 'file', path: file, ...(position ? { line: position.line, column: position.column } : {}) };
    },
  };
}

interface CheckContext {
  file: string;
  at(offset: number | undefined): Position;
  positions: Map<string, Position>;
  problems: string[];
}

function checkKeys(map: Node, path: string[], context: CheckContext): void {
  if (!isMap(map)) return;
  const section = sectionAt(path);
  if (!section) return;
  const known = Object.keys(section.shape as object);
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const keyPosition = context.at(keyNode?.range?.[0]);
    const childPath = [...path, key];
    if (!known.includes(key)) {
      const where = path.length > 0 ? `in "${path.join('.')}"` : 'at the top level';
      context.problems.push(
        `${context.file}:${keyPosition.line}:${keyPosition.column}: ${childPath.join('.')}: unknown key "${key}" ${where}${didYouMean(key, known)}; known keys: ${known.join(', ')}`,
      );
      continue;
    }
    const valueNode = pair.value as Node | null;
    context.positions.set(childPath.join('.'), valueNode?.range ? context.at(valueNode.range[0]) : keyPosition);
    if (valueNode && isMap(valueNode)) checkKeys(valueNode, childPath, context);
  }
}

/** `server:` with nothing under it, or `port: ~`, means "not set here", as in Kubernetes manifests. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== null)
      .map(([key, child]) => [key, withoutNulls(child)]),
  );
}

function nearestPosition(positions: Map<string, Position>, path: string): Position | undefined {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length--) {
    const position = positions.get(parts.slice(0, length).join('.'));
    if (position) return position;
  }
  return undefined;
}

const firstLine = (message: string): string => message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
