// The names the API server's certificate must cover: loopback, this host, the in-cluster
// "kubernetes" service names and IP, the bind address, plus the configured extras.
import { hostname } from 'node:os';
import { parseServiceCidr } from '../apiserver/service-ip-range.js';
import type { EngenhoConfig } from '../config/index.js';

const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

/** The first usable address of an IPv4 CIDR (10.43.0.0/16 -> 10.43.0.1): the kubernetes service IP. */
export function firstServiceIp(cidr: string): string | undefined {
  try {
    return parseServiceCidr(cidr).kubernetesServiceIP;
  } catch {
    return undefined;
  }
}

export function servingNames(config: EngenhoConfig, host = hostname()): string[] {
  const domain = config.cluster.clusterDomain;
  const names = [
    'localhost',
    '127.0.0.1',
    '::1',
    host.toLowerCase(),
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    `kubernetes.default.svc.${domain}`,
    firstServiceIp(config.cluster.serviceCIDR),
    WILDCARD_ADDRESSES.has(config.server.bindAddress) ? undefined : config.server.bindAddress,
    ...config.server.extraSANs,
  ];
  return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}
