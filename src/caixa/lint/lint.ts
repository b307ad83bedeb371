// Lints the forms of a caixa file. Works on the raw forms (not the checked model) so it can report
// and fix style even in files the checker rejects.
import type { Diagnostic } from '../diagnostics.js';
import { syntaxDiagnostic } from '../check/caixa.js';
import { isKebabCase } from '../check/units.js';
import { printAtom } from '../fmt/print.js';
import { describeForm, type Form, type KeywordForm, type ListForm, type ValueForm } from '../reader/forms.js';
import { readForms } from '../reader/read.js';
import { CaixaSyntaxError } from '../reader/syntax-error.js';
import { isPascalCase, toKebabCase } from './case.js';
import { lintRules, type LintRule, type LintSeverity } from './rules.js';

export interface LintDiagnostic extends Diagnostic {
  /** `fixSource` can fix it. */
  fixable: boolean;
}

export interface LintOptions {
  severities?: Record<string, LintSeverity>;
}

export interface TextEdit {
  offset: number;
  end: number;
  text: string;
}

interface Finding {
  rule: LintRule;
  at: { line: number; column: number };
  message: string;
  edit?: TextEdit;
}

const nameKeys = new Set(['nome', 'caixa', 'de', 'para']);
const enumValues: Record<string, readonly string[]> = {
  kind: ['Biblioteca', 'Binario', 'Servico', 'Supervisor', 'Aplicacao'],
  estrategia: ['OneForOne', 'OneForAll', 'RestForOne', 'SimpleOneForOne', 'SingleNode', 'Replicated', 'Sharded'],
  restart: ['Permanent', 'Temporary', 'Transient'],
};

const values = (items: readonly Form[]) => items.filter((f): f is ValueForm => f.type !== 'comment');

function textValue(form: ValueForm): string | undefined {
  return form.type === 'string' ? form.value : form.type === 'symbol' ? form.name : undefined;
}

function replaceText(form: ValueForm, text: string): TextEdit {
  const printed = form.type === 'string' ? printAtom({ ...form, value: text }) : text;
  return { offset: form.offset, end: form.end, text: printed };
}

function pairsOf(items: readonly ValueForm[], findings: Finding[]): { key: KeywordForm; value: ValueForm }[] {
  const pairs: { key: KeywordForm; value: ValueForm }[] = [];
  let i = 0;
  while (i < items.length) {
    const key = items[i];
    if (key.type !== 'keyword') {
      findings.push({ rule: 'paired-keywords', at: key, message: `expected a keyword, got ${describeForm(key)}` });
      i += 1;
      continue;
    }
    const value = items[i + 1];
    if (value === undefined || value.type === 'keyword') {
      findings.push({ rule: 'paired-keywords', at: key, message: `keyword :${key.name} has no value` });
      i += 1;
      continue;
    }
    pairs.push({ key, value });
    i += 2;
  }
  return pairs;
}

function lintKeywordList(items: readonly ValueForm[], findings: Finding[]): void {
  for (const { key, value } of pairsOf(items, findings)) {
    if (!isKebabCase(key.name)) {
      const fixed = toKebabCase(key.name);
      findings.push({
        rule: 'kebab-case-keywords',
        at: key,
        message: `keyword :${key.name} should be kebab-case${fixed ? `: :${fixed}` : ''}`,
        ...(fixed ? { edit: { offset: key.offset, end: key.end, text: `:${fixed}` } } : {}),
      });
    }
    const text = textValue(value);
    if (nameKeys.has(key.name) && text !== undefined && !isKebabCase(text)) {
      const fixed = toKebabCase(text);
      findings.push({
        rule: 'kebab-case-names',
        at: value,
        message: `name ${JSON.stringify(text)} should be kebab-case${fixed ? `: ${fixed}` : ''}`,
        ...(fixed ? { edit: replaceText(value, fixed) } : {}),
      });
    }
    const known = enumValues[key.name];
    if (known && text !== undefined && !known.includes(text)) {
      const fixed = known.find((v) => v.toLowerCase() === text.toLowerCase().replace(/[-_]/g, ''));
      if (fixed !== undefined || !isPascalCase(text)) {
        findings.push({
          rule: 'pascal-case-enums',
          at: value,
          message: `:${key.name} value ${text} should be PascalCase${fixed ? `: ${fixed}` : ''}`,
          ...(fixed ? { edit: replaceText(value, fixed) } : {}),
        });
      }
    }
    if (key.name === 'fonte' && value.type === 'list') lintGitPinned(value, findings);
    if (value.type === 'list') lintNested(value, findings);
  }
}

function lintGitPinned(fonte: ListForm, findings: Finding[]): void {
  const items = values(fonte.items);
  const pairs = pairsOf(items, []);
  const tipo = pairs.find((p) => p.key.name === 'tipo');
  if (tipo === undefined || textValue(tipo.value) !== 'git') return;
  if (pairs.some((p) => ['tag', 'rev', 'branch'].includes(p.key.name))) return;
  const repo = pairs.find((p) => p.key.name === 'repo');
  const name = repo && textValue(repo.value);
  findings.push({ rule: 'git-deps-pinned', at: fonte, message: `git dependency${name ? ` ${name}` : ''} is not pinned: add :tag, :rev or :branch` });
}

function lintNested(list: ListForm, findings: Finding[]): void {
  const items = values(list.items);
  if (items[0]?.type === 'keyword') {
    lintKeywordList(items, findings);
    return;
  }
  for (const item of items) if (item.type === 'list') lintNested(item, findings);
}

function lintDefcaixa(defcaixa: ListForm, findings: Finding[]): void {
  const items = values(defcaixa.items).slice(1);
  lintKeywordList(items, findings);
  const pairs = pairsOf(items, []);
  if (!pairs.some((p) => p.key.name === 'kind')) {
    findings.push({ rule: 'explicit-kind', at: defcaixa, message: '(defcaixa …) does not say its :kind' });
  }
  const descricao = pairs.find((p) => p.key.name === 'descricao');
  const text = descricao && textValue(descricao.value);
  if (descricao === undefined) findings.push({ rule: 'non-empty-descricao', at: defcaixa, message: '(defcaixa …) has no :descricao' });
  else if (text !== undefined && text.trim() === '') findings.push({ rule: 'non-empty-descricao', at: descricao.value, message: ':descricao is empty' });
  if (text !== undefined && /FIXME/i.test(text)) findings.push({ rule: 'no-fixme-descricao', at: descricao!.value, message: ':descricao contains FIXME' });
}

/** Every finding with its fix, before severities apply. */
export function lintForms(forms: readonly Form[]): Finding[] {
  const findings: Finding[] = [];
  for (const form of values(forms)) {
    if (form.type === 'list' && form.items[0]?.type === 'symbol' && form.items[0].name === 'defcaixa') lintDefcaixa(form, findings);
  }
  return findings.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
}

export function lintSource(text: string, file: string, options: LintOptions = {}): LintDiagnostic[] {
  let forms: Form[];
  try {
    forms = readForms(text, file);
  } catch (error) {
    if (error instanceof CaixaSyntaxError) return [{ ...syntaxDiagnostic(error), fixable: false }];
    throw error;
  }
  const out: LintDiagnostic[] = [];
  for (const finding of lintForms(forms)) {
    const severity = options.severities?.[finding.rule] ?? lintRules[finding.rule];
    if (severity === 'off') continue;
    out.push({ file, line: finding.at.line, column: finding.at.column, severity, rule: finding.rule, message: finding.message, fixable: finding.edit !== undefined });
  }
  return out;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  let limit = Infinity;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
    if (edit.end > limit) continue;
    out = out.slice(0, edit.offset) + edit.text + out.slice(edit.end);
    limit = edit.offset;
  }
  return out;
}

/** Applies every mechanical fix; throws a CaixaSyntaxError on unreadable input. */
export function fixSource(text: string, file: string): string {
  let current = text;
  for (let round = 0; round < 5; round++) {
    const edits = lintForms(readForms(current, file)).flatMap((f) => (f.edit ? [f.edit] : []));
    if (edits.length === 0) break;
    current = applyEdits(current, edits);
  }
  return current;
}
