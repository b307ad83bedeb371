// Git sources: where a `:repo` points, which commit a tag/branch/rev names (`git ls-remote`, or a
// fetch when a short rev must be expanded), and reading files at that commit from a bare cache clone.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashFields } from './hash.js';

export class LacreError extends Error {}

export interface GitPin {
  tag?: string;
  rev?: string;
  branch?: string;
}

/** `github:o/r` → https://github.com/o/r.git, `gitlab:o/r` likewise; a local path → file:// URL (relative to `baseDir`). */
export function gitUrl(repo: string, baseDir: string): string {
  const hosted = /^(github|gitlab|codeberg):([\w.-]+)\/([\w.-]+)$/.exec(repo);
  if (hosted) {
    const host = { github: 'github.com', gitlab: 'gitlab.com', codeberg: 'codeberg.org' }[hosted[1] as 'github' | 'gitlab' | 'codeberg'];
    return `https://${host}/${hosted[2]}/${hosted[3].replace(/\.git$/, '')}.git`;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo)) return repo;
  return pathToFileURL(isAbsolute(repo) ? repo : resolve(baseDir, repo)).href;
}

export function describePin(pin: GitPin): string {
  if (pin.tag !== undefined) return `tag=${pin.tag}`;
  if (pin.rev !== undefined) return `rev=${pin.rev}`;
  if (pin.branch !== undefined) return `branch=${pin.branch}`;
  return 'unpinned';
}

function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
      if (error) reject(new LacreError(`git ${args[0]} failed: ${(stderr || error.message).trim()}`));
      else resolvePromise(stdout);
    });
  });
}

/** A bare clone of `url` under `cacheDir`, created on first use. */
export class GitCache {
  constructor(private readonly cacheDir: string) {}

  private dirFor(url: string): string {
    return join(this.cacheDir, hashFields([['url', url]]).slice('blake3:'.length, 'blake3:'.length + 24));
  }

  private async ensure(url: string): Promise<string> {
    const dir = this.dirFor(url);
    if (!existsSync(join(dir, 'HEAD'))) {
      mkdirSync(this.cacheDir, { recursive: true });
      // Clone beside the final name and rename, so two feira processes never see a half clone.
      const partial = `${dir}.partial-${process.pid}-${Date.now()}`;
      try {
        await git(['clone', '--quiet', '--bare', url, partial]);
        if (!existsSync(join(dir, 'HEAD'))) renameSync(partial, dir);
      } finally {
        rmSync(partial, { recursive: true, force: true });
      }
    }
    return dir;
  }

  /** The commit `pin` names in `url`. */
  async resolveCommit(url: string, pin: GitPin): Promise<string> {
    if (pin.tag !== undefined || pin.branch !== undefined) {
      const ref = pin.tag !== undefined ? `refs/tags/${pin.tag}` : `refs/heads/${pin.branch}`;
      const out = await git(['ls-remote', url, ref, `${ref}^{}`]);
      const lines = out.split('\n').filter(Boolean).map((line) => line.split('\t') as [string, string]);
      // An annotated tag lists the tag object and, peeled (`^{}`), the commit it points at.
      const found = lines.find(([, name]) => name === `${ref}^{}`) ?? lines.find(([, name]) => name === ref);
      if (!found) throw new LacreError(`${url} has no ${pin.tag !== undefined ? `tag "${pin.tag}"` : `branch "${pin.branch}"`}`);
      return found[0];
    }
    if (pin.rev !== undefined) {
      if (!/^[0-9a-f]{4,40}$/i.test(pin.rev)) throw new LacreError(`rev "${pin.rev}" is not a commit id (4 to 40 hex digits)`);
      const dir = await this.ensure(url);
      const tryRev = () => git(['rev-parse', '--verify', '--quiet', `${pin.rev}^{commit}`], dir).then((out) => out.trim(), () => undefined);
      let commit = await tryRev();
      if (commit === undefined) {
        await git(['fetch', '--quiet', url, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], dir);
        commit = await tryRev();
      }
      if (commit === undefined) throw new LacreError(`${url} has no commit "${pin.rev}"`);
      return commit;
    }
    throw new LacreError('git dependency is not pinned (give :tag, :rev or :branch)');
  }

  /** The text of `path` at `commit`, or undefined when the commit has no such file. */
  async readFile(url: string, commit: string, path: string): Promise<string | undefined> {
    const dir = await this.ensure(url);
    const has = await git(['cat-file', '-e', `${commit}^{commit}`], dir).then(() => true, () => false);
    if (!has) await git(['fetch', '--quiet', url, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], dir);
    return git(['show', `${commit}:${path}`], dir).then((out) => out, () => undefined);
  }
}
