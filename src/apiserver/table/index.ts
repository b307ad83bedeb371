// metav1.Table rendering: the columns kubectl prints, computed by the server as upstream does, so
// `kubectl get` shows the same table against engenho as against a real cluster.
import type { ServedResource } from '../served-resources.js';
import { metadataOf, type Obj } from './cells.js';
import { printerFor } from './printers/index.js';

export { humanDuration, ageSince } from './age.js';
export { printerFor, firstJsonPathValue } from './printers/index.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  includeObject: IncludeObject;
  now: Date;
  listMeta?: Record<string, unknown>;
}

function rowObject(object: Obj, includeObject: IncludeObject): Obj | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: metadataOf(object) };
}

export function toTable(resource: ServedResource, objects: Obj[], options: TableOptions): Obj {
  const printer = printerFor(resource);
  const rows = objects.map((object) => {
    const row: Obj = { cells: printer.cells(object, options.now) };
    const included = rowObject(object, options.includeObject);
    if (included !== undefined) row.object = included;
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: options.listMeta ?? {}, columnDefinitions: printer.columns, rows };
}
