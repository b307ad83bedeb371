// Semantic validation of a PodSpec with upstream's field paths and messages (the subset that
// catches real mistakes: containers, names, images, ports, volumes and mounts, policies, env).
import {
  fieldDuplicate,
  fieldInvalid,
  fieldNotFound,
  fieldNotSupported,
  fieldRequired,
  type FieldError,
} from './field-errors.js';
import { validateDNS1123Label, validateDNS1123Subdomain } from './names.js';
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from './quantity.js';
import { validateLabels } from './validate-metadata.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const portRangeMessage = 'must be between 1 and 65535, inclusive';

/** IANA service names (port names): at most 15 characters, lower case letters, digits and '-'. */
export function validatePortName(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 15) errors.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errors.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errors.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

export function validPortNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

const protocols = ['SCTP', 'TCP', 'UDP'];
const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  if (!Array.isArray(ports)) return [];
  const errors: FieldError[] = [];
  const names: string[] = [];
  ports.forEach((port, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(port)) return;
    if (typeof port.name === 'string' && port.name !== '') {
      for (const message of validatePortName(port.name)) errors.push(fieldInvalid(`${at}.name`, port.name, message));
      if (names.includes(port.name)) errors.push(fieldDuplicate(`${at}.name`, port.name));
      names.push(port.name);
    }
    if (port.containerPort === undefined || port.containerPort === 0) errors.push(fieldRequired(`${at}.containerPort`));
    else if (!validPortNumber(port.containerPort)) errors.push(fieldInvalid(`${at}.containerPort`, port.containerPort, portRangeMessage));
    if (port.hostPort !== undefined && port.hostPort !== 0 && !validPortNumber(port.hostPort)) {
      errors.push(fieldInvalid(`${at}.hostPort`, port.hostPort, portRangeMessage));
    }
    if (port.protocol === undefined || port.protocol === '') errors.push(fieldRequired(`${at}.protocol`));
    else if (!protocols.includes(String(port.protocol))) errors.push(fieldNotSupported(`${at}.protocol`, port.protocol, protocols));
  });
  return errors;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  if (!Array.isArray(env)) return [];
  const errors: FieldError[] = [];
  env.forEach((variable, index) => {
    if (!isObject(variable)) return;
    if (typeof variable.name !== 'string' || variable.name === '') errors.push(fieldRequired(`${path}[${index}].name`));
    if (variable.value !== undefined && variable.value !== '' && variable.valueFrom !== undefined) {
      errors.push(fieldInvalid(`${path}[${index}].valueFrom`, '', 'may not be specified when `value` is not empty'));
    }
  });
  return errors;
}

function parseResourceList(list: unknown, path: string, errors: FieldError[]): Map<string, Quantity> {
  const parsed = new Map<string, Quantity>();
  if (!isObject(list)) return parsed;
  for (const [name, value] of Object.entries(list)) {
    const at = `${path}[${name}]`;
    try {
      const quantity = parseQuantity(String(value));
      if (quantity.mantissa < 0n) errors.push(fieldInvalid(at, formatQuantity(quantity), 'must be greater than or equal to 0'));
      else parsed.set(name, quantity);
    } catch (error) {
      errors.push(fieldInvalid(at, value, (error as Error).message));
    }
  }
  return parsed;
}

/** Quantities parse, are not negative, and requests do not exceed limits. */
export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  if (!isObject(resources)) return [];
  const errors: FieldError[] = [];
  const limits = parseResourceList(resources.limits, `${path}.limits`, errors);
  const requests = parseResourceList(resources.requests, `${path}.requests`, errors);
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    if (limit !== undefined && compareQuantities(request, limit) > 0) {
      errors.push(fieldInvalid(`${path}.requests[${name}]`, formatQuantity(request), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
    }
  }
  return errors;
}

function validateContainers(containers: unknown, path: string, volumeNames: Set<string>, seenNames: string[], required: boolean): FieldError[] {
  if (!Array.isArray(containers) || containers.length === 0) return required ? [fieldRequired(path)] : [];
  const errors: FieldError[] = [];
  containers.forEach((container, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(container)) {
      errors.push(fieldInvalid(at, container, 'must be an object'));
      return;
    }
    const name = container.name;
    if (typeof name !== 'string' || name === '') errors.push(fieldRequired(`${at}.name`));
    else {
      for (const message of validateDNS1123Label(name)) errors.push(fieldInvalid(`${at}.name`, name, message));
      if (seenNames.includes(name)) errors.push(fieldDuplicate(`${at}.name`, name));
      seenNames.push(name);
    }
    if (typeof container.image !== 'string' || container.image.trim() === '') errors.push(fieldRequired(`${at}.image`));
    else if (container.image !== container.image.trim()) errors.push(fieldInvalid(`${at}.image`, container.image, 'must not have leading or trailing whitespace'));
    if (container.imagePullPolicy !== undefined && !pullPolicies.includes(String(container.imagePullPolicy))) {
      errors.push(fieldNotSupported(`${at}.imagePullPolicy`, container.imagePullPolicy, pullPolicies));
    }
    errors.push(...validateContainerPorts(container.ports, `${at}.ports`));
    errors.push(...validateEnv(container.env, `${at}.env`));
    errors.push(...validateResourceRequirements(container.resources, `${at}.resources`));
    if (Array.isArray(container.volumeMounts)) {
      container.volumeMounts.forEach((mount, mountIndex) => {
        const mountPath = `${at}.volumeMounts[${mountIndex}]`;
        if (!isObject(mount)) return;
        if (typeof mount.name !== 'string' || mount.name === '') errors.push(fieldRequired(`${mountPath}.name`));
        else if (!volumeNames.has(mount.name)) errors.push(fieldNotFound(`${mountPath}.name`, mount.name));
        if (typeof mount.mountPath !== 'string' || mount.mountPath === '') errors.push(fieldRequired(`${mountPath}.mountPath`));
      });
    }
  });
  return errors;
}

function validateVolumes(volumes: unknown, path: string): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  if (!Array.isArray(volumes)) return { errors, names };
  volumes.forEach((volume, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(volume)) return;
    const name = volume.name;
    if (typeof name !== 'string' || name === '') {
      errors.push(fieldRequired(`${at}.name`));
      return;
    }
    for (const message of validateDNS1123Label(name)) errors.push(fieldInvalid(`${at}.name`, name, message));
    if (names.has(name)) errors.push(fieldDuplicate(`${at}.name`, name));
    names.add(name);
  });
  return { errors, names };
}

/** Field errors of a PodSpec at `path` (e.g. `spec` or `spec.template.spec`). */
export function validatePodSpec(spec: unknown, path: string): FieldError[] {
  if (!isObject(spec)) return [fieldRequired(path)];
  const { errors, names } = validateVolumes(spec.volumes, `${path}.volumes`);
  const containerNames: string[] = [];
  errors.push(...validateContainers(spec.containers, `${path}.containers`, names, containerNames, true));
  errors.push(...validateContainers(spec.initContainers, `${path}.initContainers`, names, containerNames, false));
  if (spec.restartPolicy !== undefined && !restartPolicies.includes(String(spec.restartPolicy))) {
    errors.push(fieldNotSupported(`${path}.restartPolicy`, spec.restartPolicy, restartPolicies));
  }
  if (spec.dnsPolicy !== undefined && !dnsPolicies.includes(String(spec.dnsPolicy))) {
    errors.push(fieldNotSupported(`${path}.dnsPolicy`, spec.dnsPolicy, dnsPolicies));
  }
  const grace = spec.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace < 0) errors.push(fieldInvalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than or equal to 0'));
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && deadline <= 0) errors.push(fieldInvalid(`${path}.activeDeadlineSeconds`, deadline, 'must be between 1 and 2147483647, inclusive'));
  errors.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  const serviceAccount = spec.serviceAccountName;
  if (typeof serviceAccount === 'string' && serviceAccount !== '') {
    for (const message of validateDNS1123Subdomain(serviceAccount)) errors.push(fieldInvalid(`${path}.serviceAccountName`, serviceAccount, message));
  }
  return errors;
}
