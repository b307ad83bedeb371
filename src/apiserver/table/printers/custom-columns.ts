// A CRD's additionalPrinterColumns: each column a JSONPath into the object, its cell typed as
// upstream's tableconvertor does (integer, number, boolean, date as an age, string as printed).
import { JSONPath } from 'jsonpath-plus';
import { ageSince } from '../age.js';
import { column, metadataOf, nameColumn, str, type Obj } from '../cells.js';
import type { PrinterColumn } from '../../served-resources.js';
import type { Printer } from './types.js';

/** The first value a Kubernetes JSONPath (".spec.size", ".status.conditions[?(@.type==\"Ready\")].status") finds. */
export function firstJsonPathValue(object: Obj, jsonPath: string): unknown {
  const trimmed = jsonPath.trim().replace(/^\{(.*)\}$/, '$1');
  const path = trimmed.startsWith('$') ? trimmed : `$${trimmed.startsWith('.') || trimmed.startsWith('[') ? '' : '.'}${trimmed}`;
  try {
    const results = JSONPath({ path, json: object, wrap: true }) as unknown[];
    return results.length === 0 ? undefined : results[0];
  } catch {
    return undefined;
  }
}

function printed(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function typedCell(type: string, value: unknown, now: Date): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      return Number.isNaN(Date.parse(value)) ? '<invalid>' : ageSince(value, now);
    default:
      return printed(value);
  }
}

const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

export function customColumnsPrinter(printerColumns: PrinterColumn[]): Printer {
  const columns = printerColumns.length > 0 ? printerColumns : [AGE_COLUMN];
  return {
    columns: [
      nameColumn(),
      ...columns.map((c) => ({ ...column(c.name, c.type, c.priority ?? 0, c.format ?? ''), description: c.description ?? column(c.name).description })),
    ],
    cells: (object, now) => [str(metadataOf(object).name), ...columns.map((c) => typedCell(c.type, firstJsonPathValue(object, c.jsonPath), now))],
  };
}
