// Semantic validation of the common built-in kinds, with upstream's field paths and messages:
// metadata.name per kind, labels/annotations, pod specs, workload selectors vs template labels,
// service ports, config keys, and the immutable fields checked on update.
import { jsonEqual } from './json-equal.js';
import type { BuiltinKind } from './builtin-defaults.js';
import {
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  type FieldError,
} from './field-errors.js';
import { labelSelectorFromObject, matchesLabels, validateLabelSelectorObject, type LabelSelectorObject } from './label-selector.js';
import { maxLenError, regexError, validateDNS1123Label } from './names.js';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  validateLabels,
  validateObjectMeta,
  type NameValidator,
} from './validate-metadata.js';
import {
  validateIngressSpec,
  validateNetworkPolicySpec,
  validatePersistentVolumeClaimSpec,
  validatePersistentVolumeClaimUpdate,
} from './validate-network-storage.js';
import { portRangeMessage, validatePodSpec, validatePortName, validPortNumber } from './validate-pod.js';
import { validatePodSpecUpdate } from './validate-pod-update.js';
import { validateBinding, validatePolicyRules } from './validate-rbac.js';
import { hasOwnField } from './own-property.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function key(kind: BuiltinKind): string {
  return `${kind.group}/${kind.kind}`;
}

const clusterScoped = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass',
  'apiregistration.k8s.io/APIService', 'certificates.k8s.io/CertificateSigningRequest',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
]);

const nameValidators: Record<string, NameValidator> = {
  '/Namespace': nameIsDNSLabel,
  '/Service': nameIsDNS1035Label,
  'rbac.authorization.k8s.io/Role': nameIsPathSegment,
  'rbac.authorization.k8s.io/ClusterRole': nameIsPathSegment,
  'rbac.authorization.k8s.io/RoleBinding': nameIsPathSegment,
  'rbac.authorization.k8s.io/ClusterRoleBinding': nameIsPathSegment,
};

/** The metadata.name rule of a kind: DNS-1123 subdomain for most, label for namespaces, DNS-1035 for services. */
export function builtinNameValidator(kind: BuiltinKind): NameValidator {
  return nameValidators[key(kind)] ?? nameIsDNSSubdomain;
}

export function isClusterScopedBuiltin(kind: BuiltinKind): boolean {
  return clusterScoped.has(key(kind));
}

/** Go's `%#v` of a map[string]string, as upstream prints template labels in selector errors. */
function goStringMap(map: Json): string {
  const entries = Object.keys(map).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(map[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function nonNegative(spec: Json, field: string, path: string, errors: FieldError[]): void {
  const value = spec[field];
  if (typeof value === 'number' && value < 0) errors.push(fieldInvalid(`${path}.${field}`, value, 'must be greater than or equal to 0'));
}

/** Selector present, valid, non-empty and matching the template's labels; template valid. */
function validateSelectedTemplate(spec: Json, path: string, kindWord: string, restartPolicies: string[]): FieldError[] {
  const errors: FieldError[] = [];
  const selector = spec.selector;
  const template = isObject(spec.template) ? spec.template : undefined;
  const labels = template !== undefined && isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : {};
  if (!isObject(selector)) {
    errors.push(fieldRequired(`${path}.selector`));
  } else {
    const selectorErrors = validateLabelSelectorObject(selector as LabelSelectorObject, `${path}.selector`);
    errors.push(...selectorErrors);
    const empty = Object.keys(selector.matchLabels ?? {}).length === 0 && ((selector.matchExpressions as unknown[] | undefined) ?? []).length === 0;
    if (empty) errors.push(fieldInvalid(`${path}.selector`, selector, `empty selector is invalid for ${kindWord}`));
    else if (selectorErrors.length === 0 && template !== undefined && !matchesLabels(labelSelectorFromObject(selector as LabelSelectorObject), labels as Record<string, string>)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.template.metadata.labels`,
        message: `Invalid value: ${goStringMap(labels)}: \`selector\` does not match template \`labels\``,
      });
    }
  }
  if (template === undefined) {
    errors.push(fieldRequired(`${path}.template`));
    return errors;
  }
  errors.push(...validateLabels(labels, `${path}.template.metadata.labels`));
  errors.push(...validatePodSpec(template.spec, `${path}.template.spec`));
  const restartPolicy = isObject(template.spec) ? template.spec.restartPolicy : undefined;
  if (restartPolicy !== undefined && !restartPolicies.includes(String(restartPolicy))) {
    errors.push(fieldNotSupported(`${path}.template.spec.restartPolicy`, restartPolicy, restartPolicies));
  }
  return errors;
}

function percentOrInt(value: unknown): { percent: boolean; amount: number } | undefined {
  if (typeof value === 'number') return { percent: false, amount: value };
  if (typeof value === 'string' && /^\d+%$/.test(value)) return { percent: true, amount: Number(value.slice(0, -1)) };
  return undefined;
}

function validateDeploymentSpec(spec: Json): FieldError[] {
  const errors = validateSelectedTemplate(spec, 'spec', 'deployment', ['Always']);
  for (const field of ['replicas', 'revisionHistoryLimit', 'minReadySeconds']) nonNegative(spec, field, 'spec', errors);
  const strategy = isObject(spec.strategy) ? spec.strategy : undefined;
  if (strategy !== undefined) {
    const type = strategy.type;
    if (type !== undefined && type !== 'Recreate' && type !== 'RollingUpdate') {
      errors.push(fieldNotSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
    }
    if (type === 'Recreate' && strategy.rollingUpdate != null) {
      errors.push(fieldForbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
    if (type === 'RollingUpdate' && isObject(strategy.rollingUpdate)) {
      const path = 'spec.strategy.rollingUpdate';
      const surge = percentOrInt(strategy.rollingUpdate.maxSurge ?? '25%');
      const unavailable = percentOrInt(strategy.rollingUpdate.maxUnavailable ?? '25%');
      for (const [field, parsed] of [['maxSurge', surge], ['maxUnavailable', unavailable]] as const) {
        const raw = (strategy.rollingUpdate as Json)[field];
        if (parsed === undefined) errors.push(fieldInvalid(`${path}.${field}`, raw, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
        else if (parsed.amount < 0) errors.push(fieldInvalid(`${path}.${field}`, raw, 'must be greater than or equal to 0'));
      }
      if (unavailable?.percent === true && unavailable.amount > 100) {
        errors.push(fieldInvalid(`${path}.maxUnavailable`, strategy.rollingUpdate.maxUnavailable, 'must not be greater than 100%'));
      }
      if (surge?.amount === 0 && unavailable?.amount === 0) {
        errors.push(fieldInvalid(`${path}.maxUnavailable`, strategy.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
    }
  }
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number') {
    if (deadline < 0) errors.push(fieldInvalid('spec.progressDeadlineSeconds', deadline, 'must be greater than or equal to 0'));
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (deadline <= minReady) errors.push(fieldInvalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errors;
}

function validateStatefulSetSpec(spec: Json): FieldError[] {
  const errors = validateSelectedTemplate(spec, 'spec', 'statefulset', ['Always']);
  for (const field of ['replicas', 'revisionHistoryLimit', 'minReadySeconds']) nonNegative(spec, field, 'spec', errors);
  const policy = spec.podManagementPolicy;
  if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel') {
    errors.push(fieldNotSupported('spec.podManagementPolicy', policy, ['OrderedReady', 'Parallel']));
  }
  const strategyType = isObject(spec.updateStrategy) ? spec.updateStrategy.type : undefined;
  if (strategyType !== undefined && strategyType !== 'OnDelete' && strategyType !== 'RollingUpdate') {
    errors.push(fieldNotSupported('spec.updateStrategy.type', strategyType, ['OnDelete', 'RollingUpdate']));
  }
  return errors;
}

function validateDaemonSetSpec(spec: Json): FieldError[] {
  const errors = validateSelectedTemplate(spec, 'spec', 'daemonset', ['Always']);
  for (const field of ['revisionHistoryLimit', 'minReadySeconds']) nonNegative(spec, field, 'spec', errors);
  const strategyType = isObject(spec.updateStrategy) ? spec.updateStrategy.type : undefined;
  if (strategyType !== undefined && strategyType !== 'OnDelete' && strategyType !== 'RollingUpdate') {
    errors.push(fieldNotSupported('spec.updateStrategy.type', strategyType, ['OnDelete', 'RollingUpdate']));
  }
  return errors;
}

function validateJobSpec(spec: unknown, path: string): FieldError[] {
  if (!isObject(spec)) return [fieldRequired(path)];
  const errors: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) nonNegative(spec, field, path, errors);
  const template = isObject(spec.template) ? spec.template : undefined;
  if (template === undefined) return [...errors, fieldRequired(`${path}.template`)];
  // A generated (withGeneratedJobSelector) or manual selector must match the template's labels.
  if (spec.manualSelector === true || spec.selector != null) errors.push(...validateSelectedTemplate(spec, path, 'job', ['OnFailure', 'Never']).filter((e) => !e.field.endsWith('restartPolicy')));
  else errors.push(...validatePodSpec(template.spec, `${path}.template.spec`));
  const restartPolicy = isObject(template.spec) ? template.spec.restartPolicy : undefined;
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errors.push(fieldNotSupported(`${path}.template.spec.restartPolicy`, restartPolicy ?? '', ['OnFailure', 'Never']));
  }
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errors.push(fieldNotSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  return errors;
}

const cronMacros = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function validateCronJob(obj: Json): FieldError[] {
  const errors: FieldError[] = [];
  const name = isObject(obj.metadata) ? obj.metadata.name : undefined;
  if (typeof name === 'string' && name.length > 52) errors.push(fieldInvalid('metadata.name', name, maxLenError(52)));
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  if (spec === undefined) return [...errors, fieldRequired('spec')];
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule.trim() === '') errors.push(fieldRequired('spec.schedule'));
  else {
    const withoutZone = schedule.replace(/^(CRON_)?TZ=\S+\s+/, '');
    const fields = withoutZone.trim().split(/\s+/);
    if (!(fields.length === 1 && (cronMacros.has(fields[0]) || fields[0].startsWith('@every '))) && fields.length !== 5) {
      errors.push(fieldInvalid('spec.schedule', schedule, `expected exactly 5 fields, found ${fields.length}: ${schedule}`));
    }
  }
  const policy = spec.concurrencyPolicy;
  if (policy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(String(policy))) {
    errors.push(fieldNotSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNegative(spec, field, 'spec', errors);
  const jobTemplate = isObject(spec.jobTemplate) ? spec.jobTemplate : undefined;
  if (jobTemplate === undefined) errors.push(fieldRequired('spec.jobTemplate'));
  else errors.push(...validateJobSpec(jobTemplate.spec, 'spec.jobTemplate.spec'));
  return errors;
}

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validateService(obj: Json): FieldError[] {
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  if (spec === undefined) return [fieldRequired('spec')];
  const errors: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (!serviceTypes.includes(String(type))) errors.push(fieldNotSupported('spec.type', type, serviceTypes));
  if (spec.sessionAffinity !== undefined && spec.sessionAffinity !== 'None' && spec.sessionAffinity !== 'ClientIP') {
    errors.push(fieldNotSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  }
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const headless = spec.clusterIP === 'None';
  if (type === 'ExternalName') {
    if (typeof spec.externalName !== 'string' || spec.externalName === '') errors.push(fieldRequired('spec.externalName'));
  } else if (ports.length === 0 && !headless) {
    errors.push(fieldRequired('spec.ports'));
  }
  const names: string[] = [];
  ports.forEach((port, index) => {
    const at = `spec.ports[${index}]`;
    if (!isObject(port)) return;
    const name = port.name;
    if (ports.length > 1 && (typeof name !== 'string' || name === '')) errors.push(fieldRequired(`${at}.name`));
    if (typeof name === 'string' && name !== '') {
      for (const message of validateDNS1123Label(name)) errors.push(fieldInvalid(`${at}.name`, name, message));
      if (names.includes(name)) errors.push(fieldDuplicate(`${at}.name`, name));
      names.push(name);
    }
    if (!validPortNumber(port.port)) errors.push(fieldInvalid(`${at}.port`, port.port ?? 0, portRangeMessage));
    if (port.protocol !== undefined && !['SCTP', 'TCP', 'UDP'].includes(String(port.protocol))) {
      errors.push(fieldNotSupported(`${at}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
    }
    const target = port.targetPort;
    if (typeof target === 'number' && !validPortNumber(target)) errors.push(fieldInvalid(`${at}.targetPort`, target, portRangeMessage));
    if (typeof target === 'string') for (const message of validatePortName(target)) errors.push(fieldInvalid(`${at}.targetPort`, target, message));
    const nodePort = port.nodePort;
    if (nodePort !== undefined && nodePort !== 0) {
      if (type === 'ClusterIP') errors.push(fieldForbidden(`${at}.nodePort`, 'may not be used when `type` is \'ClusterIP\''));
      else if (!validPortNumber(nodePort)) errors.push(fieldInvalid(`${at}.nodePort`, nodePort, portRangeMessage));
    }
  });
  errors.push(...validateLabels(spec.selector, 'spec.selector'));
  return errors;
}

const configKeyFormat = '[-._a-zA-Z0-9]+';
const configKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

function validateConfigKeys(obj: Json): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    const map = obj[field];
    if (!isObject(map)) continue;
    for (const [name, value] of Object.entries(map)) {
      const at = `${field}[${name}]`;
      if (!new RegExp(`^${configKeyFormat}$`).test(name)) errors.push(fieldInvalid(at, name, regexError(configKeyMessage, configKeyFormat, 'key.name', 'KEY_NAME', 'key-name')));
      else if (name === '.' || name === '..') errors.push(fieldInvalid(at, name, `must not be '${name}'`));
      if (name.length > 253) errors.push(fieldInvalid(at, name, maxLenError(253)));
      if (field !== 'stringData' && seen.has(name)) errors.push(fieldInvalid(at, name, `duplicate of key present in ${field === 'data' ? 'binaryData' : 'data'}`));
      if (field !== 'stringData') seen.add(name);
      if (typeof value !== 'string') errors.push(fieldInvalid(at, value, 'must be a string'));
    }
  }
  return errors;
}

const secretRequiredKeys: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': [],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validateSecret(obj: Json): FieldError[] {
  const errors = validateConfigKeys(obj);
  const type = typeof obj.type === 'string' ? obj.type : 'Opaque';
  const keys = new Set([...Object.keys(isObject(obj.data) ? obj.data : {}), ...Object.keys(isObject(obj.stringData) ? obj.stringData : {})]);
  const requiredKeys = hasOwnField(secretRequiredKeys, type) ? secretRequiredKeys[type] : [];
  for (const required of requiredKeys) if (!keys.has(required)) errors.push(fieldRequired(`data[${required}]`));
  return errors;
}

type KindValidator = (obj: Json) => FieldError[];

const specOf = (validate: (spec: Json) => FieldError[]): KindValidator => (obj) => (isObject(obj.spec) ? validate(obj.spec) : [fieldRequired('spec')]);

const kindValidators: Record<string, KindValidator> = {
  '/Pod': (obj) => validatePodSpec(obj.spec, 'spec'),
  '/Service': validateService,
  '/ConfigMap': validateConfigKeys,
  '/Secret': validateSecret,
  '/ReplicationController': specOf((spec) => {
    const errors: FieldError[] = [];
    nonNegative(spec, 'replicas', 'spec', errors);
    const selector = isObject(spec.selector) ? { matchLabels: spec.selector as Record<string, string> } : undefined;
    return [...errors, ...validateSelectedTemplate({ ...spec, selector }, 'spec', 'replicationcontroller', ['Always'])];
  }),
  'apps/Deployment': specOf(validateDeploymentSpec),
  'apps/ReplicaSet': specOf((spec) => {
    const errors = validateSelectedTemplate(spec, 'spec', 'replicaset', ['Always']);
    for (const field of ['replicas', 'minReadySeconds']) nonNegative(spec, field, 'spec', errors);
    return errors;
  }),
  'apps/StatefulSet': specOf(validateStatefulSetSpec),
  'apps/DaemonSet': specOf(validateDaemonSetSpec),
  'batch/Job': (obj) => validateJobSpec(obj.spec, 'spec'),
  'batch/CronJob': validateCronJob,
  '/PersistentVolumeClaim': (obj) => validatePersistentVolumeClaimSpec(obj.spec),
  'networking.k8s.io/Ingress': (obj) => validateIngressSpec(obj.spec),
  'networking.k8s.io/NetworkPolicy': (obj) => validateNetworkPolicySpec(obj.spec),
  'rbac.authorization.k8s.io/Role': (obj) => validatePolicyRules(obj.rules, true),
  'rbac.authorization.k8s.io/ClusterRole': (obj) => validatePolicyRules(obj.rules, false),
  'rbac.authorization.k8s.io/RoleBinding': (obj) => validateBinding(obj, true),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (obj) => validateBinding(obj, false),
};

export interface BuiltinValidationOptions {
  /** Whether the kind is namespaced; defaults to upstream's scope for known kinds. */
  namespaced?: boolean;
}

/** Semantic field errors of a built-in object (create). An empty list means valid. */
export function validateBuiltin(kind: BuiltinKind, obj: unknown, options: BuiltinValidationOptions = {}): FieldError[] {
  if (!isObject(obj)) return [fieldInvalid('', obj, 'must be an object')];
  const namespaced = options.namespaced ?? !isClusterScopedBuiltin(kind);
  const errors = validateObjectMeta(obj.metadata, { namespaced, nameValidator: builtinNameValidator(kind) });
  const validator = kindValidators[key(kind)];
  if (validator !== undefined) errors.push(...validator(obj));
  return errors;
}

const immutableSelectors = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job']);

function valueAt(obj: unknown, path: string[]): unknown {
  let current = obj;
  for (const part of path) current = isObject(current) ? current[part] : undefined;
  return current;
}

/** Semantic field errors of an update: everything create checks, plus fields that may not change. */
export function validateBuiltinUpdate(kind: BuiltinKind, obj: unknown, old: unknown, options: BuiltinValidationOptions = {}): FieldError[] {
  const errors = validateBuiltin(kind, obj, options);
  const immutable = (path: string[], message = 'field is immutable'): void => {
    const before = valueAt(old, path);
    const after = valueAt(obj, path);
    if (before !== undefined && !jsonEqual(before, after)) errors.push(fieldInvalid(path.join('.'), after ?? null, message));
  };
  const k = key(kind);
  if (immutableSelectors.has(k)) immutable(['spec', 'selector']);
  if (k === 'batch/Job') immutable(['spec', 'completions']);
  if (k === '/Pod') errors.push(...validatePodSpecUpdate(valueAt(obj, ['spec']), valueAt(old, ['spec'])));
  if (k === '/PersistentVolumeClaim') errors.push(...validatePersistentVolumeClaimUpdate(valueAt(obj, ['spec']), valueAt(old, ['spec'])));
  if (k === 'rbac.authorization.k8s.io/RoleBinding' || k === 'rbac.authorization.k8s.io/ClusterRoleBinding') {
    immutable(['roleRef'], 'cannot change roleRef');
  }
  if (k === 'apps/StatefulSet') {
    immutable(['spec', 'serviceName']);
    immutable(['spec', 'podManagementPolicy']);
  }
  if (k === '/Service') {
    const before = valueAt(old, ['spec', 'clusterIP']);
    if (typeof before === 'string' && before !== '' && valueAt(obj, ['spec', 'clusterIP']) !== before && valueAt(obj, ['spec', 'type']) !== 'ExternalName') {
      errors.push(fieldInvalid('spec.clusterIP', valueAt(obj, ['spec', 'clusterIP']) ?? '', 'field is immutable'));
    }
  }
  if ((k === '/ConfigMap' || k === '/Secret') && valueAt(old, ['immutable']) === true) {
    for (const field of ['data', 'binaryData']) {
      if (!jsonEqual(valueAt(old, [field]) ?? {}, valueAt(obj, [field]) ?? {})) errors.push(fieldForbidden(field, 'field is immutable when `immutable` is set'));
    }
    if (valueAt(obj, ['immutable']) !== true) errors.push(fieldForbidden('immutable', 'field is immutable when `immutable` is set'));
  }
  return errors;
}
