export { lintSource, fixSource, lintForms, applyEdits, type LintDiagnostic, type LintOptions, type TextEdit } from './lint.js';
export { lintRules, lintRuleDescriptions, parseSeverityOverrides, type LintRule, type LintSeverity } from './rules.js';
export { lintReport, type LintReport } from './report.js';
