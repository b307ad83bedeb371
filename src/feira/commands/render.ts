// `feira chart [--out DIR]` and `feira render --helm|--flux|--mesh|--native [--out DIR]`. YAML goes to
// stdout as one multi-document stream unless --out names a folder (one file per object then);
// a chart is a folder, so it is always written (to --out, default the working folder).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Caixa } from '../../caixa/model.js';
import { renderFlux, renderHelmChart, renderMesh, renderNative, RenderError, toYamlDocuments, type RenderedObject } from '../../caixa/render/index.js';
import { displayPath, EXIT_USAGE, FeiraError, type FeiraIo } from '../io.js';
import { loadPackage } from '../package.js';

function rendering<T>(render: () => T): T {
  try {
    return render();
  } catch (error) {
    if (error instanceof RenderError) throw new FeiraError(error.message, EXIT_USAGE);
    throw error;
  }
}

function writeChart(io: FeiraIo, caixa: Caixa, out: string | undefined): void {
  const chart = rendering(() => renderHelmChart(caixa));
  const root = resolve(io.cwd, out ?? '.', chart.dir);
  for (const [path, text] of Object.entries(chart.files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    io.stdout.write(`wrote ${displayPath(io, file)}\n`);
  }
}

export function objectFileName(object: RenderedObject): string {
  return `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
}

function emit(io: FeiraIo, objects: RenderedObject[], out: string | undefined): void {
  if (out === undefined) {
    io.stdout.write(toYamlDocuments(objects));
    return;
  }
  const dir = resolve(io.cwd, out);
  mkdirSync(dir, { recursive: true });
  for (const object of objects) {
    const file = join(dir, objectFileName(object));
    writeFileSync(file, toYamlDocuments([object]));
    io.stdout.write(`wrote ${displayPath(io, file)}\n`);
  }
}

export function chartCommand(io: FeiraIo): Command {
  return new Command('chart')
    .description('write the Helm chart lareira-<nome>/ of a Servico')
    .option('--out <dir>', 'folder to write the chart folder into', '.')
    .action((options: { out: string }) => writeChart(io, loadPackage(io), options.out));
}

interface RenderOptions {
  helm?: boolean;
  flux?: boolean;
  mesh?: boolean;
  native?: boolean;
  out?: string;
  namespace?: string;
  cluster: string;
  policy: 'standard' | 'cilium';
  gatewayClass: string;
}

export function renderCommand(io: FeiraIo): Command {
  return new Command('render')
    .description('render the package as Kubernetes, Helm or Flux artifacts')
    .option('--helm', 'the Helm chart (a Servico)')
    .option('--flux', 'Flux GitRepository, HelmRelease and Kustomization (a Servico)')
    .option('--mesh', 'network policies, Gateway and HTTPRoute (an Aplicacao)')
    .option('--native', 'Deployment, Service and ConfigMap (a Servico)')
    .option('--out <dir>', 'write files into this folder instead of printing')
    .option('-n, --namespace <namespace>', 'namespace of the rendered objects (default: none, or the target namespace for --flux)')
    .option('--cluster <name>', 'cluster of the Flux Kustomization', 'default')
    .addOption(new Option('--policy <flavor>', 'network policy form for --mesh').choices(['standard', 'cilium']).default('standard'))
    .option('--gateway-class <name>', 'gatewayClassName of the --mesh Gateway', 'engenho')
    .action((options: RenderOptions) => {
      const chosen = (['helm', 'flux', 'mesh', 'native'] as const).filter((flag) => options[flag]);
      if (chosen.length !== 1) throw new FeiraError('render needs exactly one of --helm, --flux, --mesh or --native', EXIT_USAGE);
      const caixa = loadPackage(io);
      switch (chosen[0]) {
        case 'helm':
          return writeChart(io, caixa, options.out);
        case 'flux':
          return emit(io, rendering(() => renderFlux(caixa, { cluster: options.cluster, targetNamespace: options.namespace })), options.out);
        case 'mesh':
          return emit(io, rendering(() => renderMesh(caixa, { policy: options.policy, namespace: options.namespace, gatewayClass: options.gatewayClass })), options.out);
        case 'native':
          return emit(io, rendering(() => renderNative(caixa, { namespace: options.namespace })), options.out);
      }
    });
}
