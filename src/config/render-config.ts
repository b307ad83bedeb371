// Prints the effective configuration with the source of every value: YAML with a comment per key,
// a table, or JSON ({ config, sources }).
import { Document, isNode } from 'yaml';
import type { LoadedConfig } from './load-config.js';
import { configLeaves } from './schema-walk.js';
import { formatSource } from './sources.js';
import { getIn } from './layer.js';

export type ConfigOutputFormat = 'yaml' | 'table' | 'json';

export function renderConfig(loaded: LoadedConfig, format: ConfigOutputFormat): string {
  if (format === 'json') return `${JSON.stringify(configWithSources(loaded), null, 2)}\n`;
  if (format === 'table') return renderTable(loaded);
  return renderYaml(loaded);
}

function presentLeaves(loaded: LoadedConfig): { path: string[]; value: unknown; source: string }[] {
  return configLeaves()
    .map((leaf) => ({ path: leaf.path, value: getIn(loaded.config, leaf.path) }))
    .filter((entry) => entry.value !== undefined)
    .map((entry) => {
      const source = loaded.sources.get(entry.path.join('.'));
      return { ...entry, source: source ? formatSource(source) : 'default' };
    });
}

function configWithSources(loaded: LoadedConfig): object {
  return {
    config: loaded.config,
    sources: Object.fromEntries(presentLeaves(loaded).map((leaf) => [leaf.path.join('.'), leaf.source])),
    ...(loaded.file ? { file: loaded.file } : {}),
  };
}

function renderYaml(loaded: LoadedConfig): string {
  const document = new Document(loaded.config);
  for (const leaf of presentLeaves(loaded)) {
    const node = document.getIn(leaf.path, true);
    if (isNode(node)) {
      if (Array.isArray(leaf.value)) (node as { flow?: boolean }).flow = true;
      node.comment = ` ${leaf.source}`;
    }
  }
  const header = loaded.file
    ? `# effective engenho configuration; file ${loaded.file.path} (chosen by ${loaded.file.chosenBy})\n`
    : '# effective engenho configuration; no config file\n';
  return header + document.toString({ lineWidth: 0 });
}

function renderTable(loaded: LoadedConfig): string {
  const rows = presentLeaves(loaded).map((leaf) => [
    leaf.path.join('.'),
    Array.isArray(leaf.value) ? leaf.value.join(',') : String(leaf.value),
    leaf.source,
  ]);
  const all = [['KEY', 'VALUE', 'SOURCE'], ...rows];
  const widths = [0, 1].map((column) => Math.max(...all.map((row) => row[column].length)));
  return `${all.map((row) => `${row[0].padEnd(widths[0])}   ${row[1].padEnd(widths[1])}   ${row[2]}`.trimEnd()).join('\n')}\n`;
}
