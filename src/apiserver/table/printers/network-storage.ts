// Services, endpoints, ingresses, persistent volumes and claims.
import { ageSince } from '../age.js';
import { column, formatLabels, list, metadataOf, nameColumn, num, obj, orNone, str, type Obj } from '../cells.js';
import type { Printer } from './types.js';

const age = (object: Obj, now: Date) => ageSince(metadataOf(object).creationTimestamp, now);
const name = (object: Obj) => str(metadataOf(object).name);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function loadBalancerAddresses(status: Obj): string[] {
  return list(obj(status.loadBalancer).ingress)
    .map((ingress) => str(ingress.ip) || str(ingress.hostname))
    .filter((address) => address !== '');
}

function serviceExternalIp(service: Obj): string {
  const spec = obj(service.spec);
  const externalIps = strings(spec.externalIPs);
  switch (str(spec.type) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIps.length > 0 ? externalIps.join(',') : '<none>';
    case 'LoadBalancer': {
      const addresses = [...loadBalancerAddresses(obj(service.status)), ...externalIps];
      return addresses.length > 0 ? addresses.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

function servicePorts(service: Obj): string {
  const ports = list(obj(service.spec).ports).map((port) => {
    const protocol = str(port.protocol) || 'TCP';
    return num(port.nodePort) !== 0 ? `${num(port.port)}:${num(port.nodePort)}/${protocol}` : `${num(port.port)}/${protocol}`;
  });
  return ports.length === 0 ? '<none>' : ports.join(',');
}

export const servicePrinter: Printer = {
  columns: [nameColumn(), column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), column('Age'), column('Selector', 'string', 1)],
  cells(service, now) {
    const spec = obj(service.spec);
    return [
      name(service),
      str(spec.type) || 'ClusterIP',
      orNone(str(spec.clusterIP)),
      serviceExternalIp(service),
      servicePorts(service),
      age(service, now),
      formatLabels(spec.selector),
    ];
  },
};

/** At most three entries, then "+ N more..." as upstream's formatters. */
function limited(entries: string[], empty: string): string {
  if (entries.length === 0) return empty;
  if (entries.length <= 3) return entries.join(',');
  return `${entries.slice(0, 3).join(',')} + ${entries.length - 3} more...`;
}

function endpointsText(endpoints: Obj): string {
  const entries: string[] = [];
  for (const subset of list(endpoints.subsets)) {
    const ports = list(subset.ports);
    for (const address of list(subset.addresses)) {
      const ip = str(address.ip);
      if (ports.length === 0) entries.push(ip);
      for (const port of ports) entries.push(`${ip}:${num(port.port)}`);
    }
  }
  return limited(entries, '<none>');
}

export const endpointsPrinter: Printer = {
  columns: [nameColumn(), column('Endpoints'), column('Age')],
  cells: (endpoints, now) => [name(endpoints), endpointsText(endpoints), age(endpoints, now)],
};

export const ingressPrinter: Printer = {
  columns: [nameColumn(), column('Class'), column('Hosts'), column('Address'), column('Ports'), column('Age')],
  cells(ingress, now) {
    const spec = obj(ingress.spec);
    const hosts = list(spec.rules).map((rule) => str(rule.host)).filter((host) => host !== '');
    return [
      name(ingress),
      orNone(str(spec.ingressClassName)),
      limited(hosts, '*'),
      loadBalancerAddresses(obj(ingress.status)).join(','),
      list(spec.tls).length > 0 ? '80, 443' : '80',
      age(ingress, now),
    ];
  },
};

const ACCESS_MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
const accessModes = (modes: unknown) => strings(modes).map((mode) => ACCESS_MODES[mode] ?? mode).join(',');
const storageOf = (resources: unknown) => str(obj(resources).storage);

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status'),
    column('Volume'),
    column('Capacity'),
    column('Access Modes'),
    column('StorageClass'),
    column('VolumeAttributesClass'),
    column('Age'),
    column('VolumeMode', 'string', 1),
  ],
  cells(claim, now) {
    const spec = obj(claim.spec);
    const status = obj(claim.status);
    const bound = str(spec.volumeName) !== '';
    return [
      name(claim),
      metadataOf(claim).deletionTimestamp !== undefined ? 'Terminating' : str(status.phase),
      str(spec.volumeName),
      bound ? storageOf(status.capacity) : '',
      bound ? accessModes(status.accessModes) : '',
      str(spec.storageClassName),
      orNone(str(spec.volumeAttributesClassName)),
      age(claim, now),
      str(spec.volumeMode) || '<unset>',
    ];
  },
};

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Capacity'),
    column('Access Modes'),
    column('Reclaim Policy'),
    column('Status'),
    column('Claim'),
    column('StorageClass'),
    column('VolumeAttributesClass'),
    column('Reason'),
    column('Age'),
    column('VolumeMode', 'string', 1),
  ],
  cells(volume, now) {
    const spec = obj(volume.spec);
    const status = obj(volume.status);
    const claimRef = spec.claimRef === undefined ? undefined : obj(spec.claimRef);
    return [
      name(volume),
      storageOf(spec.capacity),
      accessModes(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy),
      metadataOf(volume).deletionTimestamp !== undefined ? 'Terminating' : str(status.phase),
      claimRef === undefined ? '' : `${str(claimRef.namespace)}/${str(claimRef.name)}`,
      str(spec.storageClassName),
      orNone(str(spec.volumeAttributesClassName)),
      str(status.reason),
      age(volume, now),
      str(spec.volumeMode) || '<unset>',
    ];
  },
};
