// Cluster configuration kinds: RBAC bindings, storage and ingress classes, priority classes,
// autoscalers, disruption budgets, endpoint slices, quotas, network policies, webhooks, runtime classes.
import { ageSince } from '../age.js';
import { column, formatLabelSelector, list, metadataOf, nameColumn, num, obj, str, type Obj } from '../cells.js';
import type { Printer } from './types.js';

const age = (object: Obj, now: Date) => ageSince(metadataOf(object).creationTimestamp, now);
const name = (object: Obj) => str(metadataOf(object).name);
const orNoneJoined = (values: string[], separator: string) => (values.length === 0 ? '' : values.join(separator));

function subjectsOf(binding: Obj, kind: string): string[] {
  return list(binding.subjects)
    .filter((subject) => subject.kind === kind)
    .map((subject) => (kind === 'ServiceAccount' ? `${str(subject.namespace)}/${str(subject.name)}` : str(subject.name)));
}

export const roleBindingPrinter: Printer = {
  columns: [nameColumn(), column('Role'), column('Age'), column('Users', 'string', 1), column('Groups', 'string', 1), column('ServiceAccounts', 'string', 1)],
  cells(binding, now) {
    const roleRef = obj(binding.roleRef);
    return [
      name(binding),
      `${str(roleRef.kind)}/${str(roleRef.name)}`,
      age(binding, now),
      orNoneJoined(subjectsOf(binding, 'User'), ', '),
      orNoneJoined(subjectsOf(binding, 'Group'), ', '),
      orNoneJoined(subjectsOf(binding, 'ServiceAccount'), ', '),
    ];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

export const storageClassPrinter: Printer = {
  columns: [nameColumn(), column('Provisioner'), column('ReclaimPolicy'), column('VolumeBindingMode'), column('AllowVolumeExpansion'), column('Age')],
  cells(storageClass, now) {
    const annotations = obj(metadataOf(storageClass).annotations);
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((key) => annotations[key] === 'true');
    return [
      isDefault ? `${name(storageClass)} (default)` : name(storageClass),
      str(storageClass.provisioner),
      str(storageClass.reclaimPolicy) || 'Delete',
      str(storageClass.volumeBindingMode) || 'Immediate',
      storageClass.allowVolumeExpansion === true,
      age(storageClass, now),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [nameColumn(), column('Controller'), column('Parameters'), column('Age')],
  cells(ingressClass, now) {
    const spec = obj(ingressClass.spec);
    let parameters = '<none>';
    if (spec.parameters !== undefined) {
      const p = obj(spec.parameters);
      parameters = `${str(p.kind)}${str(p.apiGroup) === '' ? '' : `.${str(p.apiGroup)}`}/${str(p.name)}`;
    }
    return [name(ingressClass), str(spec.controller), parameters, age(ingressClass, now)];
  },
};

export const priorityClassPrinter: Printer = {
  columns: [nameColumn(), column('Value', 'integer'), column('Global-Default', 'boolean'), column('Age'), column('PreemptionPolicy')],
  cells: (priorityClass, now) => [
    name(priorityClass),
    num(priorityClass.value),
    priorityClass.globalDefault === true,
    age(priorityClass, now),
    str(priorityClass.preemptionPolicy) || 'PreemptLowerPriority',
  ],
};

function hpaTargets(hpa: Obj): string {
  const spec = obj(hpa.spec);
  const current = list(obj(hpa.status).currentMetrics);
  const targets = list(spec.metrics).map((metric) => {
    if (metric.type !== 'Resource' && metric.type !== 'ContainerResource') return `<unknown>/${str(metric.type)}`;
    const source = obj(metric.type === 'Resource' ? metric.resource : metric.containerResource);
    const target = obj(source.target);
    const live = current.map((m) => obj(m.type === 'Resource' ? m.resource : m.containerResource)).find((m) => m.name === source.name);
    const liveCurrent = obj(live?.current);
    if (typeof target.averageUtilization === 'number') {
      const now = typeof liveCurrent.averageUtilization === 'number' ? `${liveCurrent.averageUtilization}%` : '<unknown>';
      return `${str(source.name)}: ${now}/${target.averageUtilization}%`;
    }
    const now = liveCurrent.averageValue !== undefined ? String(liveCurrent.averageValue) : '<unknown>';
    return `${str(source.name)}: ${now}/${String(target.averageValue ?? target.value ?? '<unset>')}`;
  });
  return targets.length === 0 ? '<none>' : targets.join(', ');
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [nameColumn(), column('Reference'), column('Targets'), column('MinPods'), column('MaxPods', 'integer'), column('Replicas', 'integer'), column('Age')],
  cells(hpa, now) {
    const spec = obj(hpa.spec);
    const target = obj(spec.scaleTargetRef);
    return [
      name(hpa),
      `${str(target.kind)}/${str(target.name)}`,
      hpaTargets(hpa),
      typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
      num(spec.maxReplicas),
      num(obj(hpa.status).currentReplicas),
      age(hpa, now),
    ];
  },
};

const intOrStringText = (value: unknown) => (value === undefined || value === null ? 'N/A' : String(value));

export const podDisruptionBudgetPrinter: Printer = {
  columns: [nameColumn(), column('Min Available'), column('Max Unavailable'), column('Allowed Disruptions', 'integer'), column('Age')],
  cells(pdb, now) {
    const spec = obj(pdb.spec);
    return [name(pdb), intOrStringText(spec.minAvailable), intOrStringText(spec.maxUnavailable), num(obj(pdb.status).disruptionsAllowed), age(pdb, now)];
  },
};

export const endpointSlicePrinter: Printer = {
  columns: [nameColumn(), column('AddressType'), column('Ports'), column('Endpoints'), column('Age')],
  cells(slice, now) {
    const ports = list(slice.ports).map((port) => (typeof port.port === 'number' ? String(port.port) : '<unset>'));
    const addresses = list(slice.endpoints).flatMap((endpoint) => (Array.isArray(endpoint.addresses) ? (endpoint.addresses as string[]) : []));
    const shown = addresses.length <= 3 ? addresses.join(',') : `${addresses.slice(0, 3).join(',')} + ${addresses.length - 3} more...`;
    return [name(slice), str(slice.addressType), ports.length === 0 ? '<unset>' : ports.join(','), addresses.length === 0 ? '<unset>' : shown, age(slice, now)];
  },
};

export const resourceQuotaPrinter: Printer = {
  columns: [nameColumn(), column('Age'), column('Request'), column('Limit')],
  cells(quota, now) {
    const hard = obj(obj(quota.status).hard ?? obj(quota.spec).hard);
    const used = obj(obj(quota.status).used);
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const text = `${resource}: ${String(used[resource] ?? '0')}/${String(hard[resource])}`;
      if (resource.startsWith('limits.')) limits.push(text);
      else requests.push(text);
    }
    return [name(quota), age(quota, now), requests.join(', '), limits.join(', ')];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [nameColumn(), column('Pod-Selector'), column('Age')],
  cells: (policy, now) => [name(policy), formatLabelSelector(obj(policy.spec).podSelector), age(policy, now)],
};

export const webhookConfigurationPrinter: Printer = {
  columns: [nameColumn(), column('Webhooks', 'integer'), column('Age')],
  cells: (configuration, now) => [name(configuration), list(configuration.webhooks).length, age(configuration, now)],
};

export const runtimeClassPrinter: Printer = {
  columns: [nameColumn(), column('Handler'), column('Age')],
  cells: (runtimeClass, now) => [name(runtimeClass), str(runtimeClass.handler), age(runtimeClass, now)],
};
