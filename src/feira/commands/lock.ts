// `feira resolve` (print the resolved dependency graph) and `feira lock [--check]` (write or verify
// lacre.lisp). Git clones are cached under $FEIRA_CACHE (default ~/.cache/feira).
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseCaixaSource } from '../../caixa/index.js';
import { LACRE_FILE, LacreError, lockPackage, lockStatus, type CaixaParser } from '../../caixa/lacre/index.js';
import { EXIT_FINDINGS, FeiraError, type FeiraIo } from '../io.js';
import { diagnosticLines, loadPackage } from '../package.js';

const parser: CaixaParser = (text, file) => {
  const parsed = parseCaixaSource(text, file);
  if (parsed.caixa === undefined) throw new LacreError(`${file} has errors:\n${diagnosticLines(parsed.diagnostics).join('\n')}`);
  return parsed.caixa;
};

function cacheDir(io: FeiraIo): string {
  return io.env.FEIRA_CACHE ?? join(io.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'feira', 'git');
}

async function lock(io: FeiraIo) {
  const caixa = loadPackage(io, { layout: false });
  try {
    return { caixa, ...(await lockPackage(io.cwd, caixa, { cacheDir: cacheDir(io), parse: parser })) };
  } catch (error) {
    if (error instanceof LacreError) throw new FeiraError(error.message, EXIT_FINDINGS);
    throw error;
  }
}

export function resolveCommand(io: FeiraIo): Command {
  return new Command('resolve')
    .description('resolve the dependencies (breadth-first) and print them')
    .action(async () => {
      const { caixa, lacre } = await lock(io);
      io.stdout.write(`${caixa.nome} ${caixa.versao}\n`);
      for (const entry of lacre.entradas) {
        const deps = entry.deps.length > 0 ? ` -> ${entry.deps.join(', ')}` : '';
        io.stdout.write(`  ${entry.nome} ${entry.versao} ${entry.fonte} ${entry.conteudo}${deps}\n`);
      }
    });
}

export function lockCommand(io: FeiraIo, setExitCode: (code: number) => void): Command {
  return new Command('lock')
    .description(`write ${LACRE_FILE}, the content-addressed lock of the dependencies`)
    .option('--check', `only verify that ${LACRE_FILE} is up to date (exit 1 if not)`)
    .action(async (options: { check?: boolean }) => {
      const { lacre, text } = await lock(io);
      if (options.check) {
        const status = lockStatus(io.cwd, lacre);
        if (status.status === 'fresh') {
          io.stdout.write(`${LACRE_FILE} is up to date (${lacre.raiz})\n`);
          return;
        }
        io.stderr.write(
          status.status === 'missing' ? `${LACRE_FILE} is missing (run feira lock)\n` : `${LACRE_FILE} is stale: ${status.changes.join(', ')} (run feira lock)\n`,
        );
        setExitCode(EXIT_FINDINGS);
        return;
      }
      writeFileSync(join(io.cwd, LACRE_FILE), text);
      io.stdout.write(`wrote ${LACRE_FILE}: ${lacre.entradas.length} ${lacre.entradas.length === 1 ? 'entry' : 'entries'}, raiz ${lacre.raiz}\n`);
    });
}
