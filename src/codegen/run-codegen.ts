// Generate into a directory, or (check mode) compare what would be generated with what is there.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';
import { detectKubernetesVersion, parseGitVersion, readSpecDocuments } from './spec-documents.js';
import { compareStrings } from './stable-json.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** CI clones the repository with shared/ beside it. */
export const DEFAULT_SPEC_DIRECTORY = resolve(REPO_ROOT, '../shared/k8s-openapi/v3');
export const DEFAULT_OUTPUT_DIRECTORY = join(REPO_ROOT, 'src/api/generated');

export interface CodegenOptions {
  specDirectory?: string;
  outputDirectory?: string;
  /** Overrides the version read from the documents / SOURCE.md, e.g. "v1.32.0". */
  kubernetesVersion?: string;
  check?: boolean;
}

export interface CodegenResult {
  outputDirectory: string;
  files: string[];
  /** check mode: files whose bytes differ, are missing, or should not be there */
  differences: { file: string; problem: 'differs' | 'missing' | 'unexpected' }[];
}

export function runCodegen(options: CodegenOptions = {}): CodegenResult {
  const specDirectory = resolve(options.specDirectory ?? DEFAULT_SPEC_DIRECTORY);
  const outputDirectory = resolve(options.outputDirectory ?? DEFAULT_OUTPUT_DIRECTORY);
  const documents = readSpecDocuments(specDirectory);
  const version =
    options.kubernetesVersion !== undefined
      ? parseGitVersion(options.kubernetesVersion)
      : detectKubernetesVersion(documents, join(specDirectory, '..', 'SOURCE.md'));
  const generated = generate(documents, version);
  const files = [...generated.keys()].sort(compareStrings);
  const differences: CodegenResult['differences'] = [];
  if (options.check === true) {
    for (const file of files) {
      const path = join(outputDirectory, file);
      if (!existsSync(path)) differences.push({ file, problem: 'missing' });
      else if (readFileSync(path, 'utf8') !== generated.get(file)) differences.push({ file, problem: 'differs' });
    }
    const present = existsSync(outputDirectory) ? readdirSync(outputDirectory).sort(compareStrings) : [];
    for (const file of present) if (!generated.has(file)) differences.push({ file, problem: 'unexpected' });
  } else {
    mkdirSync(outputDirectory, { recursive: true });
    for (const file of files) writeFileSync(join(outputDirectory, file), generated.get(file)!);
  }
  return { outputDirectory, files, differences };
}
