// `feira init NAME [--kind K] [--path DIR]`: a new package folder with a caixa.lisp in canonical
// layout and the files its kind's layout requires.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { formatSource } from '../../caixa/index.js';
import type { CaixaKind } from '../../caixa/model.js';
import { displayPath, EXIT_USAGE, FeiraError, type FeiraIo } from '../io.js';

const kinds: CaixaKind[] = ['Biblioteca', 'Binario', 'Servico', 'Supervisor', 'Aplicacao'];

function scaffold(nome: string, kind: CaixaKind): Record<string, string> {
  const head = `(defcaixa\n  :nome "${nome}"\n  :versao "0.1.0"\n  :kind ${kind}\n  :descricao "The ${nome} ${kind.toLowerCase()}"\n  :licenca "Apache-2.0"`;
  switch (kind) {
    case 'Biblioteca':
      return { 'caixa.lisp': `${head})\n`, [`lib/${nome}.lisp`]: `(defn ola (nome)\n  (concat "ola, " nome))\n` };
    case 'Binario':
      return { 'caixa.lisp': `${head}\n  :exe ("exe/${nome}.lisp"))\n`, [`exe/${nome}.lisp`]: `(defn main (args)\n  (print "ola"))\n` };
    case 'Servico':
      return {
        'caixa.lisp': `${head}\n  :servicos ("servicos/${nome}.lisp")\n  :limits (:memory "64MiB" :cpu "250m" :wall-clock "30s"))\n`,
        [`servicos/${nome}.lisp`]: `(defn on-call (pedido estado)\n  (list :ok estado))\n`,
      };
    case 'Supervisor':
      return { 'caixa.lisp': `${head}\n  :estrategia OneForOne\n  :children ((:caixa "${nome}-worker" :versao "^0.1" :restart Permanent)))\n` };
    case 'Aplicacao':
      return { 'caixa.lisp': `${head}\n  :membros ((:caixa "${nome}-web" :versao "^0.1")))\n` };
  }
}

export function initCommand(io: FeiraIo): Command {
  return new Command('init')
    .description('create a new caixa package')
    .argument('<name>', 'package name (kebab-case)')
    .addOption(new Option('--kind <kind>', 'package kind').choices(kinds).default('Biblioteca'))
    .option('--path <dir>', 'folder to create (default: ./<name>)')
    .action((nome: string, options: { kind: CaixaKind; path?: string }) => {
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(nome)) {
        throw new FeiraError(`package name "${nome}" must be kebab-case (lowercase words joined by -)`, EXIT_USAGE);
      }
      const dir = resolve(io.cwd, options.path ?? nome);
      if (existsSync(join(dir, 'caixa.lisp'))) throw new FeiraError(`${displayPath(io, join(dir, 'caixa.lisp'))} already exists`, EXIT_USAGE);
      for (const [path, text] of Object.entries(scaffold(nome, options.kind))) {
        const file = join(dir, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, path === 'caixa.lisp' ? formatSource(text, 'caixa.lisp') : text);
        io.stdout.write(`created ${displayPath(io, file)}\n`);
      }
    });
}
