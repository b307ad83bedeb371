// metav1.Table rendering: the columns kubectl prints, computed by the server as upstream does.
import type { ServedResource } from '../served-resources.js';
import { ageSince } from './age.js';

export { humanDuration, ageSince } from './age.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  includeObject: IncludeObject;
  now: Date;
  listMeta?: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const metadataOf = (object: Obj): Obj => (object.metadata ?? {}) as Obj;

function rowObject(object: Obj, includeObject: IncludeObject): Obj | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: metadataOf(object) };
}

export function toTable(resource: ServedResource, objects: Obj[], options: TableOptions): Obj {
  void resource;
  const columnDefinitions = [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  ];
  const rows = objects.map((object) => {
    const metadata = metadataOf(object);
    const row: Obj = { cells: [metadata.name ?? '', ageSince(metadata.creationTimestamp, options.now)] };
    const included = rowObject(object, options.includeObject);
    if (included !== undefined) row.object = included;
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: options.listMeta ?? {}, columnDefinitions, rows };
}
