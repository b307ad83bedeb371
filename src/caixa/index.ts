// caixa: the typed package language. Public face; parts are added append-only.
export * from './model.js';
export { formatDiagnostic, sortDiagnostics, hasErrors, type Diagnostic, type Severity } from './diagnostics.js';
export { readForms, tokenize, CaixaSyntaxError, describeForm, type Form, type ValueForm, type ReadOptions } from './reader/index.js';
export { parseCaixaSource, checkPackageLayout, loadCaixaPackage, caixaKinds, defcaixaKeys, parseCpu, parseDuration, parseSize, witRequirement } from './check/index.js';
export { lintSource, fixSource, lintReport, lintRules, lintRuleDescriptions, parseSeverityOverrides, type LintDiagnostic, type LintOptions, type LintReport, type LintRule, type LintSeverity } from './lint/index.js';
export { formatSource } from './fmt/index.js';
