// Registers the config flags (CONFIG_FLAGS) on a command and reads back the ones the user gave,
// so every command that loads configuration accepts the same flags.
import { type Command, Option } from 'commander';
import { CONFIG_FLAGS, type LoadConfigOptions, loadConfig, type LoadedConfig } from '../config/index.js';
import type { CliIo } from './io.js';

export function addConfigOptions(command: Command): Command {
  command.addOption(new Option('--config <file>', 'YAML config file (default: $ENGENHO_CONFIG, else $XDG_CONFIG_HOME/engenho/engenho.yaml)'));
  for (const flag of CONFIG_FLAGS) command.addOption(new Option(`--${flag.name} <${flag.valueName}>`, flag.description));
  return command;
}

/** The config flags present on the command line, by flag name. */
export function givenConfigFlags(command: Command): Record<string, string> {
  const given: Record<string, string> = {};
  for (const flag of CONFIG_FLAGS) {
    const attribute = new Option(`--${flag.name} <x>`).attributeName();
    if (command.getOptionValueSource(attribute) !== 'cli') continue;
    given[flag.name] = String(command.getOptionValue(attribute));
  }
  return given;
}

export function loadConfigFor(command: Command, io: CliIo): LoadedConfig {
  const options: LoadConfigOptions = { flags: givenConfigFlags(command), env: io.env };
  const configFile = command.getOptionValue('config') as string | undefined;
  if (configFile !== undefined) options.configFile = configFile;
  return loadConfig(options);
}
