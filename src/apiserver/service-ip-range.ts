// The IPv4 range ClusterIPs are allocated from (cluster.serviceCIDR). Its first address belongs to
// the `kubernetes` service, as upstream reserves it; network and broadcast addresses are never used.

export interface ServiceIpRange {
  cidr: string;
  /** First address of the range as a 32-bit number. */
  base: number;
  /** Number of addresses in the range. */
  size: number;
  /** The `kubernetes` service's ClusterIP: the range's first usable address. */
  kubernetesServiceIP: string;
  /** Whether `ip` is a usable address of the range (not the network or broadcast address). */
  contains(ip: string): boolean;
  /** The address `offset` places after the network address. */
  ipAt(offset: number): string;
}

export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((n, part) => n * 256 + Number(part), 0);
}

const numberToIpv4 = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

export function parseServiceCidr(cidr: string): ServiceIpRange {
  const [address = '', prefixText = ''] = cidr.split('/');
  const start = ipv4ToNumber(address);
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (start === undefined || !(prefix >= 8 && prefix <= 30)) {
    throw new Error(`service CIDR ${JSON.stringify(cidr)} is not an IPv4 range with a prefix from /8 to /30, such as "10.96.0.0/12"`);
  }
  const size = 2 ** (32 - prefix);
  const base = start - (start % size);
  return {
    cidr: `${numberToIpv4(base)}/${prefix}`,
    base,
    size,
    kubernetesServiceIP: numberToIpv4(base + 1),
    contains(ip) {
      const n = ipv4ToNumber(ip);
      return n !== undefined && n > base && n < base + size - 1;
    },
    ipAt: (offset) => numberToIpv4(base + offset),
  };
}
