// The query of /exec/<namespace>/<pod>/<container>: `command` once per argument, and the streams.
// Upstream's API server sends input/output/error/tty=1; stdin/stdout/stderr=true are accepted too.
import type { ExecStreamOptions } from '../container-runtime.js';

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

function stream(query: URLSearchParams, upstreamName: string, alias: string): boolean {
  const value = query.get(upstreamName) ?? query.get(alias);
  return value !== null && TRUE.has(value);
}

/** The options, or a message saying what is missing. */
export function parseExecOptions(query: URLSearchParams): ExecStreamOptions | string {
  const options: ExecStreamOptions = {
    command: query.getAll('command'),
    stdin: stream(query, 'input', 'stdin'),
    stdout: stream(query, 'output', 'stdout'),
    stderr: stream(query, 'error', 'stderr'),
    tty: stream(query, 'tty', 'tty'),
  };
  if (options.command.length === 0) return 'you must specify at least one command for the container';
  if (!options.stdin && !options.stdout && !options.stderr) return 'you must specify at least 1 of stdin, stdout, stderr';
  // With a terminal the command's stderr is its stdout (upstream turns stderr off).
  if (options.tty) options.stderr = false;
  return options;
}
