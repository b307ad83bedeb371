// A tiny evaluator for the subset of Helm template syntax the lareira charts use, so tests can check
// that the templates, fed the chart's values, give the native objects: `{{ .Values.a.b }}`,
// `{{ .Release.Name }}`, `| quote`, `toYaml X | nindent N`, and `{{-` trimming whitespace before.
import YAML from 'yaml';

export interface TemplateScope {
  Values: Record<string, unknown>;
  Release: { Name: string; Namespace: string };
}

function lookup(scope: TemplateScope, path: string): unknown {
  if (!path.startsWith('.')) throw new Error(`unsupported template value ${path}`);
  let value: unknown = scope;
  for (const part of path.slice(1).split('.')) {
    if (value === null || typeof value !== 'object' || !(part in value)) throw new Error(`template value ${path} is not defined`);
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function evaluate(expression: string, scope: TemplateScope): string {
  const stages = expression.split('|').map((stage) => stage.trim());
  const head = stages[0].split(/\s+/);
  let value: unknown;
  let text: string;
  if (head[0] === 'toYaml') {
    value = lookup(scope, head[1]);
    text = YAML.stringify(value, { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, '');
  } else {
    value = lookup(scope, head[0]);
    text = typeof value === 'string' ? value : JSON.stringify(value);
  }
  for (const stage of stages.slice(1)) {
    const [fn, arg] = stage.split(/\s+/);
    if (fn === 'quote') text = JSON.stringify(text);
    else if (fn === 'nindent') text = `\n${text.split('\n').map((line) => `${' '.repeat(Number(arg))}${line}`).join('\n')}`;
    else throw new Error(`unsupported template function ${fn}`);
  }
  return text;
}

export function renderTemplate(template: string, scope: TemplateScope): string {
  return template.replace(/(\s*)\{\{(-?)\s*(.*?)\s*\}\}/g, (_match, space: string, trim: string, expression: string) => {
    return (trim === '-' ? '' : space) + evaluate(expression, scope);
  });
}
