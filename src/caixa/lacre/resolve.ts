// Dependency resolution for lacre: breadth-first from the root package's deps (then deps-dev), the
// first occurrence of a name wins; git deps must be pinned and are resolved to a commit, path deps are
// read from disk. Each resolved package's own deps (not its deps-dev) are queued in turn.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import semver from 'semver';
import type { Caixa, Dependency } from '../model.js';
import { describePin, GitCache, gitUrl, LacreError } from './git.js';
import { hashTree } from './tree-hash.js';

/** Reads a `caixa.lisp` text into the model, throwing LacreError with positioned messages. */
export type CaixaParser = (text: string, file: string) => Caixa;

export interface ResolveOptions {
  /** Where bare clones of git dependencies are kept. */
  cacheDir: string;
  parse: CaixaParser;
}

export interface ResolvedEntry {
  nome: string;
  versao: string;
  /** Where it came from: `git+<repo>#tag=v1.0.0` or `path:<dir relative to the root package>`. */
  fonte: string;
  /** `git:<commit>` or the `blake3:` hash of the path dependency's file tree. */
  conteudo: string;
  /** Names of its own deps, sorted. */
  deps: string[];
}

interface Pending {
  dep: Dependency;
  /** The folder relative paths are resolved against; undefined inside a git dependency. */
  baseDir: string | undefined;
  parent: string;
}

const posix = (path: string) => path.split(sep).join('/');

export async function resolveDependencies(root: Caixa, rootDir: string, options: ResolveOptions): Promise<ResolvedEntry[]> {
  const git = new GitCache(options.cacheDir);
  const entries = new Map<string, ResolvedEntry>();
  const queue: Pending[] = [...root.deps, ...root.depsDev].map((dep) => ({ dep, baseDir: rootDir, parent: root.nome }));
  while (queue.length > 0) {
    const { dep, baseDir, parent } = queue.shift()!;
    if (entries.has(dep.nome) || dep.nome === root.nome) continue;
    const where = `${parent}: dependency "${dep.nome}"`;
    const source = dep.fonte;
    if (source === undefined) throw new LacreError(`${where} has no :fonte (only git and path sources are supported)`);
    let caixa: Caixa;
    let entry: Omit<ResolvedEntry, 'versao' | 'deps'>;
    let childBase: string | undefined;
    if (source.tipo === 'path') {
      if (baseDir === undefined) throw new LacreError(`${where} is a path dependency inside a git dependency (not supported)`);
      const dir = resolvePath(baseDir, source.caminho);
      const file = join(dir, 'caixa.lisp');
      if (!existsSync(file)) throw new LacreError(`${where}: ${posix(relative(rootDir, file)) || file} does not exist`);
      caixa = options.parse(readFileSync(file, 'utf8'), file);
      entry = { nome: dep.nome, fonte: `path:${posix(relative(rootDir, dir)) || '.'}`, conteudo: hashTree(dir) };
      childBase = dir;
    } else {
      const pin = { tag: source.tag, rev: source.rev, branch: source.branch };
      if (pin.tag === undefined && pin.rev === undefined && pin.branch === undefined) {
        throw new LacreError(`${where} from ${source.repo} is not pinned (give :tag, :rev or :branch)`);
      }
      const url = gitUrl(source.repo, baseDir ?? rootDir);
      const commit = await git.resolveCommit(url, pin).catch((error: Error) => {
        throw new LacreError(`${where}: ${error.message}`);
      });
      const text = await git.readFile(url, commit, 'caixa.lisp');
      if (text === undefined) throw new LacreError(`${where}: ${source.repo} at ${commit} has no caixa.lisp`);
      caixa = options.parse(text, `${source.repo}@${commit.slice(0, 12)}/caixa.lisp`);
      entry = { nome: dep.nome, fonte: `git+${source.repo}#${describePin(pin)}`, conteudo: `git:${commit}` };
      childBase = undefined;
    }
    if (caixa.nome !== dep.nome) throw new LacreError(`${where}: the package at ${entry.fonte} is named "${caixa.nome}"`);
    if (!semver.satisfies(caixa.versao, dep.versao)) {
      throw new LacreError(`${where}: version ${caixa.versao} at ${entry.fonte} does not satisfy "${dep.versao}"`);
    }
    const childNames = [...new Set(caixa.deps.map((child) => child.nome))].sort();
    entries.set(dep.nome, { ...entry, versao: caixa.versao, deps: childNames });
    for (const child of caixa.deps) queue.push({ dep: child, baseDir: childBase, parent: caixa.nome });
  }
  return [...entries.values()];
}
