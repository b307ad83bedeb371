// `engenho config show` and `engenho config validate FILE`.
import { Command, Option } from 'commander';
import { type ConfigOutputFormat, renderConfig, validateConfigFile } from '../../config/index.js';
import { addConfigOptions, loadConfigFor } from '../config-options.js';
import type { CliIo } from '../io.js';

export function configCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const config = new Command('config').description('show or check engenho configuration');

  const show = addConfigOptions(
    new Command('show')
      .description('print the effective configuration and where each value came from (default, file, env, flag)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'table', 'json']).default('yaml')),
  );
  show.action(() => {
    const loaded = loadConfigFor(show, io);
    io.stdout.write(renderConfig(loaded, show.getOptionValue('output') as ConfigOutputFormat));
    setExitCode(0);
  });

  const validate = new Command('validate')
    .description('check a config file; prints "valid" and exits 0, or lists the problems and exits 2')
    .argument('<file>', 'YAML config file');
  validate.action((file: string) => {
    validateConfigFile(file);
    io.stdout.write('valid\n');
    setExitCode(0);
  });

  return config.addCommand(show).addCommand(validate);
}
