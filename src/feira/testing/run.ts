// Runs the built feira (node bin/feira.js → dist/feira) or kubectl as a subprocess, asynchronously
// so an in-process test API server keeps serving; never rejects (look at code, stdout, stderr).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const FEIRA_BIN = join(REPO_ROOT, 'bin', 'feira.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: { cwd: string; input?: string; env?: Record<string, string> }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export function feira(args: string[], options: { cwd: string; input?: string; env?: Record<string, string> }): Promise<RunResult> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'feira', 'main.js'))) throw new Error('dist/feira is not built: run npm run build first');
  return run(process.execPath, [FEIRA_BIN, ...args], options);
}
