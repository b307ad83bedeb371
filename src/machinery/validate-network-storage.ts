// Ingresses, network policies and persistent volume claims, as upstream validates them.
import { isDeepStrictEqual } from 'node:util';
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, type FieldError } from './field-errors.js';
import { validateDNS1035Label, validateDNS1123Subdomain } from './names.js';
import { portRangeMessage, validatePortName, validPortNumber } from './validate-pod.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateIngressBackend(backend: unknown, path: string): FieldError[] {
  if (!isObject(backend)) return [fieldRequired(path)];
  const errors: FieldError[] = [];
  const service = backend.service;
  const resource = backend.resource;
  if (service !== undefined && resource !== undefined) errors.push(fieldInvalid(path, backend, 'cannot set both resource and service backends'));
  else if (service === undefined && resource === undefined) errors.push(fieldInvalid(path, backend, 'resource or service backend is required'));
  if (isObject(service)) {
    const name = typeof service.name === 'string' ? service.name : '';
    if (name === '') errors.push(fieldRequired(`${path}.service.name`));
    else for (const message of validateDNS1035Label(name)) errors.push(fieldInvalid(`${path}.service.name`, name, message));
    const port = isObject(service.port) ? service.port : {};
    const hasName = typeof port.name === 'string' && port.name !== '';
    const hasNumber = port.number !== undefined && port.number !== 0;
    if (hasName && hasNumber) errors.push(fieldInvalid(`${path}.service.port`, port, 'cannot set both port name & port number'));
    else if (hasName) for (const message of validatePortName(String(port.name))) errors.push(fieldInvalid(`${path}.service.port.name`, port.name, message));
    else if (hasNumber) {
      if (!validPortNumber(port.number)) errors.push(fieldInvalid(`${path}.service.port.number`, port.number, portRangeMessage));
    } else errors.push(fieldRequired(`${path}.service.port`, 'port name or number is required'));
  }
  return errors;
}

export function validateIngressSpec(spec: unknown): FieldError[] {
  if (!isObject(spec)) return [fieldRequired('spec')];
  const errors: FieldError[] = [];
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  if (spec.defaultBackend === undefined && rules.length === 0) errors.push(fieldInvalid('spec.rules', rules, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend !== undefined) errors.push(...validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, ruleIndex) => {
    const at = `spec.rules[${ruleIndex}]`;
    if (!isObject(rule)) return;
    if (typeof rule.host === 'string' && rule.host !== '') {
      const host = rule.host.startsWith('*.') ? rule.host.slice(2) : rule.host;
      for (const message of validateDNS1123Subdomain(host)) errors.push(fieldInvalid(`${at}.host`, rule.host, message));
    }
    const http = rule.http;
    if (!isObject(http)) return;
    const paths = Array.isArray(http.paths) ? http.paths : [];
    if (paths.length === 0) errors.push(fieldRequired(`${at}.http.paths`));
    paths.forEach((entry, pathIndex) => {
      const pathAt = `${at}.http.paths[${pathIndex}]`;
      if (!isObject(entry)) return;
      const pathType = entry.pathType;
      if (pathType === undefined || pathType === '') errors.push(fieldRequired(`${pathAt}.pathType`, 'pathType must be specified'));
      else if (!pathTypes.includes(String(pathType))) errors.push(fieldNotSupported(`${pathAt}.pathType`, pathType, pathTypes));
      const value = entry.path;
      if ((pathType === 'Exact' || pathType === 'Prefix') && (typeof value !== 'string' || !value.startsWith('/'))) {
        errors.push(fieldInvalid(`${pathAt}.path`, value ?? '', 'must be an absolute path'));
      }
      errors.push(...validateIngressBackend(entry.backend, `${pathAt}.backend`));
    });
  });
  return errors;
}

export function validateNetworkPolicySpec(spec: unknown): FieldError[] {
  if (!isObject(spec)) return [fieldRequired('spec')];
  const errors: FieldError[] = [];
  if (Array.isArray(spec.policyTypes)) {
    spec.policyTypes.forEach((type, index) => {
      if (type !== 'Ingress' && type !== 'Egress') errors.push(fieldNotSupported(`spec.policyTypes[${index}]`, type, ['Ingress', 'Egress']));
    });
    if (spec.policyTypes.length > 2) errors.push(fieldInvalid('spec.policyTypes', spec.policyTypes, 'may not specify more than two policyTypes'));
  }
  for (const direction of ['ingress', 'egress']) {
    const rules = spec[direction];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, ruleIndex) => {
      if (!isObject(rule) || !Array.isArray(rule.ports)) return;
      rule.ports.forEach((port, portIndex) => {
        const at = `spec.${direction}[${ruleIndex}].ports[${portIndex}]`;
        if (!isObject(port)) return;
        if (port.protocol !== undefined && !['SCTP', 'TCP', 'UDP'].includes(String(port.protocol))) {
          errors.push(fieldNotSupported(`${at}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
        }
        if (typeof port.port === 'number' && !validPortNumber(port.port)) errors.push(fieldInvalid(`${at}.port`, port.port, portRangeMessage));
      });
    });
  }
  return errors;
}

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validatePersistentVolumeClaimSpec(spec: unknown, path = 'spec'): FieldError[] {
  if (!isObject(spec)) return [fieldRequired(path)];
  const errors: FieldError[] = [];
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) errors.push(fieldRequired(`${path}.accessModes`, 'at least 1 access mode is required'));
  modes.forEach((mode) => {
    if (!accessModes.includes(String(mode))) errors.push(fieldNotSupported(`${path}.accessModes`, mode, accessModes));
  });
  const requests = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests : {};
  if (requests.storage === undefined && spec.dataSource === undefined && spec.dataSourceRef === undefined) {
    errors.push(fieldRequired(`${path}.resources[storage]`));
  }
  if (spec.volumeMode !== undefined && spec.volumeMode !== 'Filesystem' && spec.volumeMode !== 'Block') {
    errors.push(fieldNotSupported(`${path}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']));
  }
  return errors;
}

/** A claim's spec is immutable after creation, except its storage request and volumeAttributesClassName. */
export function validatePersistentVolumeClaimUpdate(newSpec: unknown, oldSpec: unknown): FieldError[] {
  if (!isObject(newSpec) || !isObject(oldSpec)) return [];
  const strip = (spec: Json): Json => {
    const { resources: _resources, volumeAttributesClassName: _class, volumeName, ...rest } = spec;
    // Binding fills volumeName once; only a change from one volume to another counts.
    return oldSpec.volumeName === undefined || oldSpec.volumeName === '' ? rest : { ...rest, volumeName };
  };
  if (isDeepStrictEqual(strip(newSpec), strip(oldSpec))) return [];
  return [fieldForbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
}
