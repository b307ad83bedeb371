// `feira lint [--fix] [--format json] [--rule R=SEVERITY…]`, `feira fmt [--check]` and `feira build`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import {
  CaixaSyntaxError,
  checkPackageLayout,
  fixSource,
  formatDiagnostic,
  formatSource,
  lintReport,
  lintSource,
  parseCaixaSource,
  readForms,
  parseSeverityOverrides,
  type LintSeverity,
} from '../../caixa/index.js';
import { EXIT_FINDINGS, EXIT_USAGE, FeiraError, type FeiraIo } from '../io.js';
import { CAIXA_FILE, diagnosticLines, readCaixaText } from '../package.js';

function parseSeverities(settings: string[]): Record<string, LintSeverity> {
  try {
    return parseSeverityOverrides(settings);
  } catch (error) {
    throw new FeiraError((error as Error).message, EXIT_USAGE);
  }
}

const syntaxError = (error: CaixaSyntaxError) =>
  new FeiraError(error.message, EXIT_USAGE, [`${error.file}:${error.line}:${error.column}: ${error.reason}`]);

export function lintCommand(io: FeiraIo, setExitCode: (code: number) => void): Command {
  return new Command('lint')
    .description('check caixa.lisp against the style rules')
    .option('--fix', 'rewrite caixa.lisp with the fixable findings fixed')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--rule <rule=severity>', 'set a rule to error, warning or off (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
    .action((options: { fix?: boolean; format: 'text' | 'json'; rule: string[] }) => {
      const severities = parseSeverities(options.rule);
      let text = readCaixaText(io);
      try {
        if (options.fix) {
          const fixed = fixSource(text, CAIXA_FILE);
          if (fixed !== text) writeFileSync(join(io.cwd, CAIXA_FILE), fixed);
          text = fixed;
        }
        const diagnostics = lintSource(text, CAIXA_FILE, { severities });
        const syntax = diagnostics.filter((d) => d.rule === 'syntax');
        if (syntax.length > 0) throw new FeiraError('caixa.lisp does not read', EXIT_USAGE, diagnosticLines(syntax));
        if (options.format === 'json') io.stdout.write(`${JSON.stringify(lintReport(diagnostics), null, 2)}\n`);
        else for (const d of diagnostics) io.stdout.write(`${formatDiagnostic(d)} [${d.severity} ${d.rule}]\n`);
        if (diagnostics.length > 0) setExitCode(EXIT_FINDINGS);
      } catch (error) {
        if (error instanceof CaixaSyntaxError) throw syntaxError(error);
        throw error;
      }
    });
}

export function fmtCommand(io: FeiraIo, setExitCode: (code: number) => void): Command {
  return new Command('fmt')
    .description('rewrite caixa.lisp in the canonical layout (comments kept)')
    .option('--check', 'only report whether caixa.lisp is formatted (exit 1 if not)')
    .action((options: { check?: boolean }) => {
      const text = readCaixaText(io);
      let formatted: string;
      try {
        formatted = formatSource(text, CAIXA_FILE);
      } catch (error) {
        if (error instanceof CaixaSyntaxError) throw syntaxError(error);
        throw error;
      }
      if (formatted === text) return;
      if (options.check) {
        io.stderr.write(`${CAIXA_FILE}: not formatted (run feira fmt)\n`);
        setExitCode(EXIT_FINDINGS);
        return;
      }
      writeFileSync(join(io.cwd, CAIXA_FILE), formatted);
      io.stdout.write(`formatted ${CAIXA_FILE}\n`);
    });
}

function lispFiles(dir: string, relative: string): string[] {
  const full = join(dir, relative);
  let names: string[];
  try {
    names = readdirSync(full).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const rel = `${relative}/${name}`;
    if (statSync(join(dir, rel)).isDirectory()) return lispFiles(dir, rel);
    return name.endsWith('.lisp') ? [rel] : [];
  });
}

export function buildCommand(io: FeiraIo, setExitCode: (code: number) => void): Command {
  return new Command('build')
    .description('check the package: caixa.lisp, the folder layout, and that every source file reads')
    .action(() => {
      const parsed = parseCaixaSource(readCaixaText(io), CAIXA_FILE);
      if (parsed.caixa === undefined) throw new FeiraError('caixa.lisp has errors', EXIT_USAGE, diagnosticLines(parsed.diagnostics));
      const caixa = parsed.caixa;
      const layout = checkPackageLayout(io.cwd, caixa);
      const files = [...new Set([...['lib', 'exe', 'servicos'].flatMap((folder) => lispFiles(io.cwd, folder))])];
      const syntax: string[] = [];
      for (const file of files) {
        try {
          readForms(readFileSync(join(io.cwd, file), 'utf8'), file);
        } catch (error) {
          if (!(error instanceof CaixaSyntaxError)) throw error;
          syntax.push(`${error.file}:${error.line}:${error.column}: ${error.reason}`);
        }
      }
      const lines = [...diagnosticLines(layout), ...syntax];
      if (lines.length > 0) {
        for (const line of lines) io.stderr.write(`${line}\n`);
        setExitCode(syntax.length > 0 ? EXIT_USAGE : EXIT_FINDINGS);
        return;
      }
      const count = files.length + 1;
      io.stdout.write(`ok: ${caixa.nome} ${caixa.versao} (${caixa.kind}, ${count} ${count === 1 ? 'file' : 'files'} read)\n`);
    });
}
