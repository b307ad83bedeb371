// Commander settings every command of a CLI needs (engenho and feira): errors returned instead of
// process.exit, a usage hint after a mistake, output through the injected io. Subcommands built with
// `new Command` do not inherit them, so they are applied to the whole tree.
import type { Command } from 'commander';

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export function configureCommandTree(command: Command, io: CommandOutput): void {
  command
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  for (const child of command.commands) configureCommandTree(child, io);
}
