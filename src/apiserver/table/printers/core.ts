// Core kinds without pod templates: nodes, namespaces, configmaps, secrets, events, service
// accounts, leases.
import { ageSince } from '../age.js';
import { column, list, metadataOf, nameColumn, num, obj, orNone, str, type Obj } from '../cells.js';
import type { Printer } from './types.js';

const age = (object: Obj, now: Date) => ageSince(metadataOf(object).creationTimestamp, now);
const name = (object: Obj) => str(metadataOf(object).name);

function nodeStatusText(node: Obj): string {
  const ready = list(obj(node.status).conditions).find((c) => c.type === 'Ready');
  const states = [ready?.status === 'True' ? 'Ready' : ready === undefined ? 'Unknown' : 'NotReady'];
  if (obj(node.spec).unschedulable === true) states.push('SchedulingDisabled');
  return states.join(',');
}

function nodeRoles(node: Obj): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(obj(metadataOf(node).labels))) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (key === 'kubernetes.io/role' && typeof value === 'string' && value !== '') {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

const nodeAddress = (node: Obj, type: string) => orNone(str(list(obj(node.status).addresses).find((a) => a.type === type)?.address));

export const nodePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status'),
    column('Roles'),
    column('Age'),
    column('Version'),
    column('Internal-IP', 'string', 1),
    column('External-IP', 'string', 1),
    column('OS-Image', 'string', 1),
    column('Kernel-Version', 'string', 1),
    column('Container-Runtime', 'string', 1),
  ],
  cells(node, now) {
    const info = obj(obj(node.status).nodeInfo);
    return [
      name(node),
      nodeStatusText(node),
      nodeRoles(node),
      age(node, now),
      str(info.kubeletVersion),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      orNone(str(info.osImage)),
      orNone(str(info.kernelVersion)),
      orNone(str(info.containerRuntimeVersion)),
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: [nameColumn(), column('Status'), column('Age')],
  cells: (ns, now) => [name(ns), str(obj(ns.status).phase), age(ns, now)],
};

export const configMapPrinter: Printer = {
  columns: [nameColumn(), column('Data', 'integer'), column('Age')],
  cells: (cm, now) => [name(cm), Object.keys(obj(cm.data)).length + Object.keys(obj(cm.binaryData)).length, age(cm, now)],
};

export const secretPrinter: Printer = {
  columns: [nameColumn(), column('Type'), column('Data', 'integer'), column('Age')],
  cells: (secret, now) => [name(secret), str(secret.type), Object.keys(obj(secret.data)).length, age(secret, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn(), column('Secrets', 'integer'), column('Age')],
  cells: (sa, now) => [name(sa), list(sa.secrets).length, age(sa, now)],
};

export const leasePrinter: Printer = {
  columns: [nameColumn(), column('Holder'), column('Age')],
  cells: (lease, now) => [name(lease), str(obj(lease.spec).holderIdentity), age(lease, now)],
};

/** events.k8s.io/v1 Events carry the same data under other names (regarding, note, deprecated*). */
function asCoreEvent(event: Obj): Obj {
  if (event.regarding === undefined && event.note === undefined && event.deprecatedCount === undefined) return event;
  return {
    ...event,
    involvedObject: event.regarding,
    message: event.note,
    count: event.deprecatedCount,
    firstTimestamp: event.deprecatedFirstTimestamp,
    lastTimestamp: event.deprecatedLastTimestamp,
    source: event.deprecatedSource,
  };
}

function eventSource(event: Obj): string {
  const source = obj(event.source);
  const component = str(source.component) || str(event.reportingController);
  const host = str(source.host) || str(event.reportingInstance);
  return host === '' ? component : `${component}, ${host}`;
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen'),
    column('Type'),
    column('Reason'),
    column('Object'),
    column('Subobject', 'string', 1),
    column('Source', 'string', 1),
    column('Message'),
    column('First Seen', 'string', 1),
    column('Count', 'integer', 1),
    column('Name', 'string', 1),
  ],
  cells(raw, now) {
    const event = asCoreEvent(raw);
    const firstTimestamp = str(event.firstTimestamp) !== '' ? ageSince(event.firstTimestamp, now) : ageSince(event.eventTime, now);
    let lastTimestamp = str(event.lastTimestamp) !== '' ? ageSince(event.lastTimestamp, now) : firstTimestamp;
    let count = num(event.count);
    const series = event.series === undefined || event.series === null ? undefined : obj(event.series);
    if (series !== undefined) {
      lastTimestamp = ageSince(series.lastObservedTime, now);
      count = num(series.count);
    } else if (count === 0) {
      count = 1;
    }
    const involved = obj(event.involvedObject);
    const kind = str(involved.kind).toLowerCase();
    const target = str(involved.name) === '' ? kind : `${kind}/${str(involved.name)}`;
    return [
      lastTimestamp,
      str(event.type),
      str(event.reason),
      target,
      str(involved.fieldPath),
      eventSource(event),
      str(event.message).trim(),
      firstTimestamp,
      count,
      name(event),
    ];
  },
};

/** Resources without a printer of their own (upstream prints NAME and CREATED AT for some; we print NAME AGE). */
export const defaultPrinter: Printer = {
  columns: [nameColumn(), column('Age')],
  cells: (object, now) => [name(object), age(object, now)],
};

export const createdAtPrinter: Printer = {
  columns: [nameColumn(), column('Created At', 'date')],
  cells: (object) => [name(object), str(metadataOf(object).creationTimestamp)],
};
