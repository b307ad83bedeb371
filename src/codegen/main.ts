// `npm run codegen [-- --check] [--input <v3 dir>] [--output <dir>] [--kubernetes-version vX.Y.Z]`
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, runCodegen } from './run-codegen.js';

const USAGE = 'usage: npm run codegen -- [--check] [--input <openapi v3 dir>] [--output <dir>] [--kubernetes-version vX.Y.Z]';

function main(argv: string[]): number {
  let values: { check?: boolean; input?: string; output?: string; 'kubernetes-version'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        check: { type: 'boolean' },
        input: { type: 'string' },
        output: { type: 'string' },
        'kubernetes-version': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`codegen: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  try {
    const result = runCodegen({
      specDirectory: values.input,
      outputDirectory: values.output,
      kubernetesVersion: values['kubernetes-version'],
      check: values.check,
    });
    const shown = relative(REPO_ROOT, result.outputDirectory) || '.';
    if (values.check !== true) {
      console.log(`codegen: wrote ${result.files.join(', ')} to ${shown}`);
      return 0;
    }
    if (result.differences.length === 0) {
      console.log(`codegen --check: ${shown} is up to date (${result.files.join(', ')})`);
      return 0;
    }
    for (const { file, problem } of result.differences) console.error(`codegen --check: ${shown}/${file} ${problem}`);
    console.error('codegen --check: generated files are stale; run `npm run codegen` and commit the result');
    return 1;
  } catch (error) {
    console.error(`codegen: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
