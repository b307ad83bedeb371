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

/** Reads `rule=severity` settings (e.g. from `--rule git-deps-pinned=error`); throws on unknown names. */
export function parseSeverityOverrides(settings: readonly string[]): Record<string, LintSeverity> {
  const out: Record<string, LintSeverity> = {};
  for (const setting of settings) {
    const match = /^([a-z-]+)=(error|warning|off)$/.exec(setting.trim());
    if (match === null) throw new Error(`bad lint setting ${JSON.stringify(setting)}: expected rule=error|warning|off`);
    if (!(match[1] in lintRules)) throw new Error(`unknown lint rule ${match[1]} (rules: ${Object.keys(lintRules).join(', ')})`);
    out[match[1]] = match[2] as LintSeverity;
  }
  return out;
}
