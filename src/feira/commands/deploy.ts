// `feira deploy --kubeconfig FILE [--dry-run]`: server-side apply of the native render with the
// project's client (field manager `feira`), one line per object as kubectl prints them.
import { Command } from 'commander';
import { Client, isApiError, KubeconfigError } from '../../client/index.js';
import { renderNative, RenderError } from '../../caixa/render/index.js';
import { EXIT_FINDINGS, EXIT_USAGE, FeiraError, type FeiraIo } from '../io.js';
import { loadPackage } from '../package.js';

export const FIELD_MANAGER = 'feira';

export function deployCommand(io: FeiraIo): Command {
  return new Command('deploy')
    .description('server-side apply the native render of a Servico to a cluster')
    .requiredOption('--kubeconfig <file>', 'kubeconfig of the cluster')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('-n, --namespace <namespace>', "namespace (default: the context's, else default)")
    .option('--dry-run', 'ask the server to validate without persisting (dryRun=All)')
    .option('--force-conflicts', 'take over fields another manager owns')
    .action(async (options: { kubeconfig: string; context?: string; namespace?: string; dryRun?: boolean; forceConflicts?: boolean }) => {
      const caixa = loadPackage(io);
      let objects;
      try {
        objects = renderNative(caixa);
      } catch (error) {
        if (error instanceof RenderError) throw new FeiraError(error.message, EXIT_USAGE);
        throw error;
      }
      let client: Client;
      try {
        client = Client.fromKubeconfig({ path: options.kubeconfig, context: options.context, fieldManager: FIELD_MANAGER, retry: { maxRetries: 3 } });
      } catch (error) {
        if (error instanceof KubeconfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new FeiraError((error as Error).message, EXIT_USAGE);
        }
        throw error;
      }
      const namespace = options.namespace ?? client.namespace;
      for (const object of objects) {
        const resource = client.resource(object.apiVersion, object.kind);
        const group = object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : '';
        const label = `${object.kind.toLowerCase()}${group}/${object.metadata.name}`;
        try {
          await resource.apply(object, { namespace, dryRun: options.dryRun, fieldManager: FIELD_MANAGER, force: options.forceConflicts });
        } catch (error) {
          if (isApiError(error)) throw new FeiraError(`${label}: ${error.message}`, EXIT_FINDINGS);
          throw new FeiraError(`${label}: ${(error as Error).message}`, EXIT_FINDINGS);
        }
        io.stdout.write(`${label} serverside-applied${options.dryRun ? ' (server dry run)' : ''}\n`);
      }
    });
}
