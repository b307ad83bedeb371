// The lint rules: names and defaults. Severity `off` silences a rule.
export type LintSeverity = 'error' | 'warning' | 'off';

export const lintRules = {
  'kebab-case-names': 'warning',
  'kebab-case-keywords': 'warning',
  'pascal-case-enums': 'warning',
  'paired-keywords': 'error',
  'explicit-kind': 'error',
  'git-deps-pinned': 'warning',
  'non-empty-descricao': 'warning',
  'no-fixme-descricao': 'warning',
} as const satisfies Record<string, LintSeverity>;

export type LintRule = keyof typeof lintRules;

export const lintRuleDescriptions: Record<LintRule, string> = {
  'kebab-case-names': 'package, member and child names are kebab-case (fixable)',
  'kebab-case-keywords': 'keywords are kebab-case (fixable)',
  'pascal-case-enums': 'enum values (:kind, :estrategia, :restart) are PascalCase (fixable when the value is known)',
  'paired-keywords': 'every keyword has a value',
  'explicit-kind': '(defcaixa …) says its :kind',
  'git-deps-pinned': 'git dependencies are pinned by :tag, :rev or :branch',
  'non-empty-descricao': ':descricao is present and not empty',
  'no-fixme-descricao': ':descricao holds no FIXME',
};
