// The fields each resource can be selected by (?fieldSelector=), as upstream's per-resource
// GetAttrs/field label conversion funcs define them. Anything else is a 400.
import { badRequest, type FieldSelector } from '../../machinery/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';

type Fields = Record<string, string | undefined>;
type Extractor = (object: KubeObject) => Fields;

const at = (object: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), object);

const str = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : String(value);

const pick = (...paths: string[]): Extractor => (object) => Object.fromEntries(paths.map((p) => [p, str(at(object, p))]));

const EXTRA_FIELDS: Record<string, Extractor> = {
  '/pods': pick('spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'),
  '/events': pick(
    'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
    'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath',
    'reason', 'reportingComponent', 'source', 'type',
  ),
  'events.k8s.io/events': pick('reason', 'type', 'reportingController', 'regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid'),
  '/secrets': pick('type'),
  '/nodes': pick('spec.unschedulable'),
  '/namespaces': pick('status.phase'),
  '/replicationcontrollers': pick('status.replicas'),
  'apps/replicasets': pick('status.replicas'),
  'batch/jobs': pick('status.successful'),
  'certificates.k8s.io/certificatesigningrequests': pick('spec.signerName'),
};

// Upstream's pod "spec.hostNetwork" is "true"/"false" even when unset; events' "source" is source.component.
function special(resource: ServedResource, object: KubeObject, fields: Fields): Fields {
  const key = `${resource.info.group}/${resource.info.plural}`;
  if (key === '/pods') fields['spec.hostNetwork'] = String(at(object, 'spec.hostNetwork') === true);
  if (key === '/events') fields.source = str(at(object, 'source.component')) ?? str(at(object, 'reportingComponent'));
  if (key === '/nodes') fields['spec.unschedulable'] = String(at(object, 'spec.unschedulable') === true);
  return fields;
}

/**
 * Every field-selecting watcher of a resource is asked about the same (shared, never modified)
 * decoded object of an event: its fields are worked out once.
 */
const known = new WeakMap<KubeObject, { resource: ServedResource; fields: Fields }>();

export function selectableFields(resource: ServedResource, object: KubeObject): Fields {
  const cached = known.get(object);
  if (cached !== undefined && cached.resource === resource) return cached.fields;
  const fields = fieldsOf(resource, object);
  known.set(object, { resource, fields });
  return fields;
}

function fieldsOf(resource: ServedResource, object: KubeObject): Fields {
  const extra = EXTRA_FIELDS[`${resource.info.group}/${resource.info.plural}`];
  const fields: Fields = { 'metadata.name': object.metadata.name };
  if (resource.info.namespaced) fields['metadata.namespace'] = object.metadata.namespace;
  return extra === undefined ? fields : special(resource, object, { ...fields, ...extra(object) });
}

/** Rejects selectors on fields the resource does not index: `field label not supported: x`. */
export function checkSelectableFields(resource: ServedResource, selector: FieldSelector): void {
  const extra = EXTRA_FIELDS[`${resource.info.group}/${resource.info.plural}`];
  const known = new Set(['metadata.name', ...(resource.info.namespaced ? ['metadata.namespace'] : [])]);
  for (const requirement of selector.requirements) {
    if (known.has(requirement.field)) continue;
    if (extra !== undefined && requirement.field in extra({ metadata: {} } as KubeObject)) continue;
    throw badRequest(`field label not supported: ${requirement.field}`);
  }
}
