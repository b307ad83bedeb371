// Registers the config flags (CONFIG_FLAGS) on a command and reads back the ones the user gave,
// so every command that loads configuration accepts the same flags.
import { type Command, Option } from 'commander';
import { CONFIG_FLAGS, type ConfigFlag, defaultLayer, type LoadConfigOptions, loadConfig, type LoadedConfig } from '../config/index.js';
import type { CliIo } from './io.js';

export function addConfigOptions(command: Command): Command {
  command.addOption(new Option('--config <file>', 'YAML config file (default: $ENGENHO_CONFIG, else $XDG_CONFIG_HOME/engenho/engenho.yaml)'));
  for (const flag of CONFIG_FLAGS) command.addOption(new Option(`--${flag.name} <${flag.valueName}>`, describeWithDefault(flag)));
  return command;
}

const DERIVED_DEFAULTS: Record<string, string> = {
  'server.tlsDir': '<data-dir>/tls',
  'store.sqlite.path': '<data-dir>/state.db',
};

function describeWithDefault(flag: ConfigFlag): string {
  if (!flag.path) return flag.description;
  const key = flag.path.join('.');
  let value: unknown = defaultLayer();
  for (const segment of flag.path) value = (value as Record<string, unknown> | undefined)?.[segment];
  const shown = DERIVED_DEFAULTS[key] ?? (Array.isArray(value) ? (value.length > 0 ? value.join(',') : undefined) : value);
  return shown === undefined || shown === '' ? flag.description : `${flag.description} (default: ${String(shown)})`;
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
