// `engenho up`: start a whole cluster in this process and write an admin kubeconfig.
import { Command, Option } from 'commander';
import { DEFAULT_DATA_DIR } from '../../config/index.js';
import { addConfigOptions, loadConfigFor } from '../config-options.js';
import type { CliIo } from '../io.js';
import { createLogger } from '../logger.js';

export function upCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const up = addConfigOptions(
    new Command('up')
      .description(`start a cluster (API server, store, controllers, scheduler, simulated nodes) and write a kubeconfig; data in --data-dir (default ${DEFAULT_DATA_DIR})`)
      .addOption(new Option('--kubeconfig <file>', 'where to write the admin kubeconfig (default: <data-dir>/kubeconfig.yaml)'))
      .addHelpText(
        'after',
        '\nEvery setting also has an ENGENHO_* environment variable (e.g. ENGENHO_SERVER_PORT=7443) and a key in the\n' +
          'config file; flags win over the environment, which wins over the file. See `engenho config show`.',
      ),
  );
  up.action(async () => {
    const { config, file } = loadConfigFor(up, io);
    const logger = createLogger(config.logging, io.stderr.isTTY === true);
    if (file) logger.info({ file: file.path, chosenBy: file.chosenBy }, 'config file loaded');
    const kubeconfigPath = up.getOptionValue('kubeconfig') as string | undefined;
    // Loaded on demand so --help, --version and `config` do not pay for the API server and store.
    const { runCluster } = await import('../run-cluster.js');
    setExitCode(await runCluster({ config, logger, io, ...(kubeconfigPath ? { kubeconfigPath } : {}) }));
  });
  return up;
}
