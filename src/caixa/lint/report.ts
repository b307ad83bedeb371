// The JSON shape of `feira lint --format json`.
import type { LintDiagnostic } from './lint.js';

export interface LintReport {
  errors: number;
  warnings: number;
  fixable: number;
  diagnostics: LintDiagnostic[];
}

export function lintReport(diagnostics: readonly LintDiagnostic[]): LintReport {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    fixable: diagnostics.filter((d) => d.fixable).length,
    diagnostics: [...diagnostics],
  };
}
