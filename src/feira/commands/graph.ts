// `feira app graph [--format json|mermaid|dot]`: an Aplicacao's members and contracts.
import { Command, Option } from 'commander';
import type { Caixa } from '../../caixa/model.js';
import { EXIT_USAGE, FeiraError, type FeiraIo } from '../io.js';
import { loadPackage } from '../package.js';

export interface AppGraph {
  aplicacao: string;
  nodes: { id: string; versao: string }[];
  edges: { de: string; para: string; wit: string; endpoint?: string; subject?: string; slot?: string; synchronous: boolean }[];
  entrada?: { host: string; para: string; paths: string[]; port: number };
}

export function appGraph(caixa: Caixa): AppGraph {
  if (caixa.kind !== 'Aplicacao' || caixa.aplicacao === undefined) throw new FeiraError(`app graph needs an Aplicacao; "${caixa.nome}" is of kind ${caixa.kind}`, EXIT_USAGE);
  const app = caixa.aplicacao;
  return {
    aplicacao: caixa.nome,
    nodes: app.membros.map((member) => ({ id: member.caixa, versao: member.versao })),
    edges: app.contratos.map(({ de, para, wit, endpoint, subject, slot, synchronous }) => ({
      de,
      para,
      wit,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(subject !== undefined ? { subject } : {}),
      ...(slot !== undefined ? { slot } : {}),
      synchronous,
    })),
    ...(app.entrada !== undefined ? { entrada: { host: app.entrada.host, para: app.entrada.para, paths: app.entrada.paths, port: app.entrada.port } } : {}),
  };
}

const edgeLabel = (edge: AppGraph['edges'][number]) => [edge.wit, edge.endpoint ?? edge.subject ?? edge.slot].filter(Boolean).join(' ');

export function mermaid(graph: AppGraph): string {
  const id = (name: string) => name.replace(/-/g, '_');
  const lines = ['graph LR'];
  for (const node of graph.nodes) lines.push(`  ${id(node.id)}["${node.id} ${node.versao}"]`);
  for (const edge of graph.edges) lines.push(`  ${id(edge.de)} ${edge.synchronous ? '-->' : '-.->'}|"${edgeLabel(edge)}"| ${id(edge.para)}`);
  if (graph.entrada) lines.push(`  entrada(("${graph.entrada.host}:${graph.entrada.port}")) -->|"${graph.entrada.paths.join(' ')}"| ${id(graph.entrada.para)}`);
  return `${lines.join('\n')}\n`;
}

export function dot(graph: AppGraph): string {
  const q = (text: string) => JSON.stringify(text);
  const lines = [`digraph ${q(graph.aplicacao)} {`, '  rankdir=LR;'];
  for (const node of graph.nodes) lines.push(`  ${q(node.id)} [label=${q(`${node.id} ${node.versao}`)}];`);
  for (const edge of graph.edges) lines.push(`  ${q(edge.de)} -> ${q(edge.para)} [label=${q(edgeLabel(edge))}${edge.synchronous ? '' : ', style=dashed'}];`);
  if (graph.entrada) {
    lines.push(`  "entrada" [shape=doublecircle, label=${q(`${graph.entrada.host}:${graph.entrada.port}`)}];`);
    lines.push(`  "entrada" -> ${q(graph.entrada.para)} [label=${q(graph.entrada.paths.join(' '))}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function appCommand(io: FeiraIo): Command {
  const app = new Command('app').description('Aplicacao tools');
  app
    .command('graph')
    .description("print the Aplicacao's members and contracts")
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'mermaid', 'dot']).default('mermaid'))
    .action((options: { format: 'json' | 'mermaid' | 'dot' }) => {
      const graph = appGraph(loadPackage(io));
      io.stdout.write(options.format === 'json' ? `${JSON.stringify(graph, null, 2)}\n` : options.format === 'dot' ? dot(graph) : mermaid(graph));
    });
  return app;
}
