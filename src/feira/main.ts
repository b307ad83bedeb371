// The `feira` command: caixa packages from the command line. Exit codes: 0 ok, 1 findings (lint,
// layout, stale lock, unformatted file, failed deploy), 2 usage or parse errors.
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../cli/version.js';
import { configureCommandTree } from '../cli/configure-commands.js';
import { appCommand } from './commands/graph.js';
import { buildCommand, fmtCommand, lintCommand } from './commands/check.js';
import { deployCommand } from './commands/deploy.js';
import { initCommand } from './commands/init.js';
import { lockCommand, resolveCommand } from './commands/lock.js';
import { chartCommand, renderCommand } from './commands/render.js';
import { EXIT_USAGE, FeiraError, processIo, type FeiraIo } from './io.js';

export function buildProgram(io: FeiraIo, setExitCode: (code: number) => void): Command {
  const program = new Command('feira')
    .description('caixa packages: check, lock, render and deploy (defcaixa)')
    .version(packageVersion(), '-v, --version', 'print the feira version');
  program.addCommand(initCommand(io));
  program.addCommand(lintCommand(io, setExitCode));
  program.addCommand(fmtCommand(io, setExitCode));
  program.addCommand(buildCommand(io, setExitCode));
  program.addCommand(resolveCommand(io));
  program.addCommand(lockCommand(io, setExitCode));
  program.addCommand(chartCommand(io));
  program.addCommand(renderCommand(io));
  program.addCommand(appCommand(io));
  program.addCommand(deployCommand(io));
  configureCommandTree(program, io);
  return program;
}

/** Runs `feira` with a full argv (node, script, ...args); resolves to the exit code. */
export async function main(argv: string[] = process.argv, injectedIo?: FeiraIo): Promise<number> {
  const io = injectedIo ?? processIo();
  // `feira render --native | head` closes the pipe early; that is not an error of feira's.
  if (!injectedIo) process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(0) : undefined));
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof FeiraError) {
      if (error.lines) for (const line of error.lines) io.stderr.write(`${line}\n`);
      else io.stderr.write(`feira: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`feira: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
