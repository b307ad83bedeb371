// Checks of a package folder against its caixa: declared paths exist and sit where the kind expects.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Caixa, SourcePosition } from '../model.js';
import { parseCaixaSource } from './caixa.js';

const pathFields = [
  ['exe', 'exe', 'exe'],
  ['bibliotecas', 'bibliotecas', 'lib'],
  ['servicos', 'servicos', 'servicos'],
] as const;

function insidePackage(path: string): boolean {
  if (path === '' || isAbsolute(path)) return false;
  const normal = normalize(path);
  return normal !== '..' && !normal.startsWith(`..${sep}`) && !normal.startsWith('../');
}

function underFolder(path: string, folder: string): boolean {
  const normal = normalize(path).split(sep).join('/');
  return normal.startsWith(`${folder}/`) && normal.length > folder.length + 1;
}

export function checkPackageLayout(dir: string, caixa: Caixa): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (at: SourcePosition, message: string) =>
    diagnostics.push({ file: at.file, line: at.line, column: at.column, severity: 'error', rule: 'layout', message });
  const at = (field: string) => caixa.positions[field] ?? caixa.at;
  const exists = (path: string) => existsSync(join(dir, path));

  if (caixa.kind === 'Supervisor' || caixa.kind === 'Aplicacao') {
    for (const [keyword, field] of pathFields) {
      if (caixa.positions[field] !== undefined) report(at(field), `kind ${caixa.kind} declares no code: remove :${keyword}`);
    }
  }
  if (caixa.kind === 'Binario' && caixa.exe.length === 0) report(at('exe'), 'kind Binario needs :exe (paths under exe/)');
  if (caixa.kind === 'Servico' && caixa.servicos.length === 0) report(at('servicos'), 'kind Servico needs :servicos (paths under servicos/)');
  if (caixa.kind === 'Biblioteca' && caixa.bibliotecas.length === 0) {
    const expected = `lib/${caixa.nome}.lisp`;
    if (!exists(expected)) report(caixa.at, `kind Biblioteca without :bibliotecas needs ${expected}`);
  }
  for (const [keyword, field, folder] of pathFields) {
    if (caixa.kind === 'Supervisor' || caixa.kind === 'Aplicacao') break;
    for (const path of caixa[field]) {
      if (!insidePackage(path)) report(at(field), `:${keyword} path ${path} must be relative and inside the package`);
      else if ((field === 'exe' || field === 'servicos') && !underFolder(path, folder)) report(at(field), `:${keyword} path ${path} must be under ${folder}/`);
      else if (!exists(path)) report(at(field), `:${keyword} path ${path} does not exist`);
    }
  }
  for (const [hook, path] of Object.entries(caixa.behavior ?? {})) {
    if (!insidePackage(path)) report(at('behavior'), `:behavior path ${path} must be relative and inside the package`);
    else if (!exists(path)) report(at('behavior'), `:behavior :${hook.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} path ${path} does not exist`);
  }
  for (const dep of [...caixa.deps, ...caixa.depsDev]) {
    if (dep.fonte?.tipo === 'path' && !exists(dep.fonte.caminho)) report(dep.fonte.at, `dependency ${dep.nome}: :caminho ${dep.fonte.caminho} does not exist`);
  }
  return sortDiagnostics(diagnostics);
}

/** Reads `dir/caixa.lisp`, checks it and, when it parses, the folder's layout. */
export function loadCaixaPackage(dir: string): { caixa?: Caixa; diagnostics: Diagnostic[] } {
  const file = join(dir, 'caixa.lisp');
  if (!existsSync(file) || !statSync(file).isFile()) {
    return { diagnostics: [{ file, line: 1, column: 1, severity: 'error', rule: 'layout', message: `caixa.lisp not found in ${dir}` }] };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { diagnostics: [{ file, line: 1, column: 1, severity: 'error', rule: 'layout', message: `caixa.lisp cannot be read: ${(error as Error).message}` }] };
  }
  const parsed = parseCaixaSource(text, file);
  if (parsed.caixa === undefined) return parsed;
  const layout = checkPackageLayout(dir, parsed.caixa);
  const diagnostics = [...parsed.diagnostics, ...layout];
  return layout.length > 0 ? { diagnostics } : { caixa: parsed.caixa, diagnostics };
}
