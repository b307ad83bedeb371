// The `engenho` command: parses argv with commander, runs one subcommand and returns the exit code.
// Every failure a user can cause becomes one message and an exit code, never a stack trace:
// configuration and usage errors exit 2, runtime failures exit 1.
import { Command, CommanderError } from 'commander';
import { CONFIG_ERROR_EXIT_CODE, isConfigError } from '../config/index.js';
import { configCommand } from './commands/config.js';
import { upCommand } from './commands/up.js';
import { CliError, type CliIo, processIo } from './io.js';
import { packageVersion } from './version.js';
import { configureCommandTree } from './configure-commands.js';

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('engenho')
    .description('A Kubernetes-compatible cluster in one Node.js process')
    .version(packageVersion(), '-v, --version', 'print the engenho version');
  program.addCommand(upCommand(io, setExitCode));
  program.addCommand(configCommand(io, setExitCode));
  configureCommandTree(program, io);
  return program;
}

/** Runs `engenho` with a full argv (node, script, ...args); resolves to the exit code. */
export async function main(argv: string[] = process.argv, injectedIo?: CliIo): Promise<number> {
  const io = injectedIo ?? processIo();
  const code = await run(argv, io);
  if (!injectedIo) exitEvenIfSomethingLingers(code);
  return code;
}

/**
 * When the command is done, a component that failed to release a timer or socket must not keep the
 * process alive: the unref'd timer fires only if the event loop does not drain on its own.
 */
function exitEvenIfSomethingLingers(code: number): void {
  setTimeout(() => {
    process.stderr.write('engenho: some handles were still open 5 s after shutdown; exiting anyway\n');
    process.exit(code);
  }, 5000).unref();
}

async function run(argv: string[], io: CliIo): Promise<number> {
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
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : CONFIG_ERROR_EXIT_CODE;
    if (isConfigError(error)) {
      io.stderr.write(`engenho: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.stderr.write(`engenho: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`engenho: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
