// Small readers and formatters shared by the printers: safe field access and the joined
// container/image/selector/label strings upstream's printers produce.
export type Obj = Record<string, unknown>;

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export const column = (name: string, type = 'string', priority = 0, format = ''): ColumnDefinition => ({
  name,
  type,
  format,
  description: DESCRIPTIONS[name] ?? name,
  priority,
});

const DESCRIPTIONS: Record<string, string> = {
  Name: 'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  Age: 'CreationTimestamp is a timestamp representing the server time when this object was created. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

export const nameColumn = (): ColumnDefinition => column('Name', 'string', 0, 'name');

export const obj = (value: unknown): Obj => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {});
export const list = (value: unknown): Obj[] => (Array.isArray(value) ? value.map(obj) : []);
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
export const orNone = (text: string): string => (text === '' ? '<none>' : text);

export const metadataOf = (object: Obj): Obj => obj(object.metadata);

/** "k=v,k2=v2" with keys sorted, as labels.FormatLabels; "<none>" when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(obj(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '<none>' : entries.map(([key, value]) => `${key}=${String(value)}`).join(',');
}

/** metav1.LabelSelector as text (metav1.FormatLabelSelector): matchLabels then matchExpressions. */
export function formatLabelSelector(selector: unknown): string {
  const value = obj(selector);
  if (selector === undefined || selector === null) return '<none>';
  const parts: string[] = [];
  const labels = Object.entries(obj(value.matchLabels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, label] of labels) parts.push(`${key}=${String(label)}`);
  for (const expression of list(value.matchExpressions)) {
    const values = Array.isArray(expression.values) ? (expression.values as string[]) : [];
    const op = str(expression.operator);
    const key = str(expression.key);
    if (op === 'In') parts.push(`${key} in (${values.join(',')})`);
    else if (op === 'NotIn') parts.push(`${key} notin (${values.join(',')})`);
    else if (op === 'Exists') parts.push(key);
    else if (op === 'DoesNotExist') parts.push(`!${key}`);
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

/** Container names and images of a pod template, comma-joined (the wide CONTAINERS/IMAGES columns). */
export function containersAndImages(podSpec: unknown): [string, string] {
  const containers = list(obj(podSpec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}
