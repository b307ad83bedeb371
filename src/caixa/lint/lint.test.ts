import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.js';
import { CaixaSyntaxError } from '../reader/index.js';
import { fixSource, lintReport, lintSource, parseSeverityOverrides } from './index.js';

const src = (...lines: string[]) => lines.join('\n');
const messages = (text: string, severities?: Record<string, 'error' | 'warning' | 'off'>) =>
  lintSource(text, 'caixa.lisp', { severities }).map((d) => `${d.severity} ${d.rule} ${formatDiagnostic(d)}`);

const clean = src('(defcaixa', '  :nome "loja"', '  :versao "1.0.0"', '  :kind Servico', '  :descricao "A shop"', '  :servicos ("servicos/loja.lisp"))');
const messy = src(
  '(defcaixa',
  '  :nome "MyShop"',
  '  :versao "1.0.0"',
  '  :descricao "FIXME: write this"',
  '  :maxRestarts 3',
  '  :deps ((:nome base_lib :versao "^1" :fonte (:tipo git :repo "github:o/base"))',
  '         (:nome "ok" :versao "^1" :fonte (:tipo git :repo "github:o/ok" :rev "abc")))',
  '  :children ((:caixa Worker :versao "^1" :restart permanent :extra)))',
);

describe('lintSource', () => {
  it('a clean file has no findings', () => {
    expect(lintSource(clean, 'caixa.lisp')).toEqual([]);
  });

  it('reports every rule with its default severity and position', () => {
    expect(messages(messy)).toEqual([
      'error explicit-kind caixa.lisp:1:1: (defcaixa …) does not say its :kind',
      'warning kebab-case-names caixa.lisp:2:9: name "MyShop" should be kebab-case: my-shop',
      'warning no-fixme-descricao caixa.lisp:4:14: :descricao contains FIXME',
      'warning kebab-case-keywords caixa.lisp:5:3: keyword :maxRestarts should be kebab-case: :max-restarts',
      'warning kebab-case-names caixa.lisp:6:17: name "base_lib" should be kebab-case: base-lib',
      'warning git-deps-pinned caixa.lisp:6:46: git dependency github:o/base is not pinned: add :tag, :rev or :branch',
      'warning kebab-case-names caixa.lisp:8:22: name "Worker" should be kebab-case: worker',
      'warning pascal-case-enums caixa.lisp:8:51: :restart value permanent should be PascalCase: Permanent',
      'error paired-keywords caixa.lisp:8:61: keyword :extra has no value',
    ]);
    expect(messages('(defcaixa :nome a :versao 1.0.0 :kind Servico :descricao "")')).toEqual([
      'warning non-empty-descricao caixa.lisp:1:58: :descricao is empty',
    ]);
    expect(messages('(defcaixa :nome a :versao 1.0.0 :kind Servico)')).toEqual(['warning non-empty-descricao caixa.lisp:1:1: (defcaixa …) has no :descricao']);
    expect(messages('(defcaixa :nome a :versao 1.0.0 :kind Servico :descricao "x" "stray" :kind servico_x)')).toEqual([
      'error paired-keywords caixa.lisp:1:62: expected a keyword, got the string "stray"',
      'warning pascal-case-enums caixa.lisp:1:76: :kind value servico_x should be PascalCase',
    ]);
  });

  it('severities are configurable and rules can be turned off', () => {
    expect(messages(messy, { 'explicit-kind': 'warning', 'kebab-case-names': 'off', 'git-deps-pinned': 'error', 'no-fixme-descricao': 'off' })).toEqual([
      'warning explicit-kind caixa.lisp:1:1: (defcaixa …) does not say its :kind',
      'warning kebab-case-keywords caixa.lisp:5:3: keyword :maxRestarts should be kebab-case: :max-restarts',
      'error git-deps-pinned caixa.lisp:6:46: git dependency github:o/base is not pinned: add :tag, :rev or :branch',
      'warning pascal-case-enums caixa.lisp:8:51: :restart value permanent should be PascalCase: Permanent',
      'error paired-keywords caixa.lisp:8:61: keyword :extra has no value',
    ]);
  });

  it('unreadable input is one syntax error', () => {
    expect(lintSource('(defcaixa :nome "x', 'caixa.lisp')).toEqual([
      { file: 'caixa.lisp', line: 1, column: 17, severity: 'error', rule: 'syntax', message: 'unterminated string', fixable: false },
    ]);
  });

  it('builds the JSON report', () => {
    const report = lintReport(lintSource('(defcaixa :nome A :versao 1.0.0)', 'caixa.lisp'));
    expect(JSON.parse(JSON.stringify(report))).toEqual({
      errors: 1,
      warnings: 2,
      fixable: 1,
      diagnostics: [
        { file: 'caixa.lisp', line: 1, column: 1, severity: 'error', rule: 'explicit-kind', message: '(defcaixa …) does not say its :kind', fixable: false },
        { file: 'caixa.lisp', line: 1, column: 1, severity: 'warning', rule: 'non-empty-descricao', message: '(defcaixa …) has no :descricao', fixable: false },
        { file: 'caixa.lisp', line: 1, column: 17, severity: 'warning', rule: 'kebab-case-names', message: 'name "A" should be kebab-case: a', fixable: true },
      ],
    });
  });
});

describe('fixSource', () => {
  it('fixes names, keywords and enum casing, and leaves the rest', () => {
    const fixed = fixSource(messy, 'caixa.lisp');
    expect(fixed).toBe(
      src(
        '(defcaixa',
        '  :nome "my-shop"',
        '  :versao "1.0.0"',
        '  :descricao "FIXME: write this"',
        '  :max-restarts 3',
        '  :deps ((:nome base-lib :versao "^1" :fonte (:tipo git :repo "github:o/base"))',
        '         (:nome "ok" :versao "^1" :fonte (:tipo git :repo "github:o/ok" :rev "abc")))',
        '  :children ((:caixa worker :versao "^1" :restart Permanent :extra)))',
      ),
    );
    expect(lintSource(fixed, 'caixa.lisp').filter((d) => d.fixable)).toEqual([]);
    expect(fixSource(fixed, 'caixa.lisp')).toBe(fixed);
  });

  it('keeps comments and layout around the fixes', () => {
    expect(fixSource('(defcaixa ; c\n  :kind servico ; k\n  :nome "A B")', 'f')).toBe('(defcaixa ; c\n  :kind Servico ; k\n  :nome "a-b")');
  });

  it('throws a positioned syntax error on unreadable input', () => {
    expect(() => fixSource('(', 'caixa.lisp')).toThrow(CaixaSyntaxError);
  });
});

describe('parseSeverityOverrides', () => {
  it('reads rule=severity settings and refuses unknown rules', () => {
    expect(parseSeverityOverrides(['git-deps-pinned=error', ' explicit-kind=off '])).toEqual({ 'git-deps-pinned': 'error', 'explicit-kind': 'off' });
    expect(() => parseSeverityOverrides(['git-deps-pinned'])).toThrow('bad lint setting "git-deps-pinned": expected rule=error|warning|off');
    expect(() => parseSeverityOverrides(['no-such-rule=off'])).toThrow(
      'unknown lint rule no-such-rule (rules: kebab-case-names, kebab-case-keywords, pascal-case-enums, paired-keywords, explicit-kind, git-deps-pinned, non-empty-descricao, no-fixme-descricao)',
    );
  });
});
