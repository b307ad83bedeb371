// Where an effective value came from, so `engenho config show` and error messages can say so.

export type ValueSource =
  | { kind: 'default'; derivedFrom?: string }
  | { kind: 'file'; path: string; line?: number; column?: number }
  | { kind: 'env'; name: string }
  | { kind: 'flag'; name: string };

/** Leaf paths ("server.port") to the tier that set them. */
export type SourceMap = Map<string, ValueSource>;

export function formatSource(source: ValueSource): string {
  switch (source.kind) {
    case 'default':
      return source.derivedFrom ? `default (from ${source.derivedFrom})` : 'default';
    case 'file':
      return source.line ? `file:${source.path}:${source.line}:${source.column ?? 1}` : `file:${source.path}`;
    case 'env':
      return `env:${source.name}`;
    case 'flag':
      return `flag:${source.name}`;
  }
}

export const joinPath = (path: readonly (string | number)[]): string => path.map(String).join('.');
