// Loading the package in the working folder. Diagnostics print relative to it, so positions read
// `caixa.lisp:12:5: …`; a package that does not read or check is a parse error (exit 2), one whose
// folder layout is wrong is a finding (exit 1).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPackageLayout, formatDiagnostic, parseCaixaSource, type Diagnostic } from '../caixa/index.js';
import type { Caixa } from '../caixa/model.js';
import { EXIT_FINDINGS, EXIT_USAGE, FeiraError, type FeiraIo } from './io.js';

export const CAIXA_FILE = 'caixa.lisp';

export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(formatDiagnostic);
}

export function readCaixaText(io: FeiraIo): string {
  const file = join(io.cwd, CAIXA_FILE);
  if (!existsSync(file)) throw new FeiraError(`no ${CAIXA_FILE} in ${io.cwd} (run feira init NAME to create a package)`, EXIT_USAGE);
  return readFileSync(file, 'utf8');
}

/** Parses and checks ./caixa.lisp; layout checks too unless `layout: false`. */
export function loadPackage(io: FeiraIo, options: { layout?: boolean } = {}): Caixa {
  const parsed = parseCaixaSource(readCaixaText(io), CAIXA_FILE);
  if (parsed.caixa === undefined) throw new FeiraError('caixa.lisp has errors', EXIT_USAGE, diagnosticLines(parsed.diagnostics));
  if (options.layout !== false) {
    const layout = checkPackageLayout(io.cwd, parsed.caixa);
    if (layout.length > 0) throw new FeiraError('the package layout has errors', EXIT_FINDINGS, diagnosticLines(layout));
  }
  return parsed.caixa;
}
