// Addresses of simulated nodes: node i gets host IP 172.18.x.y (from 172.18.0.2 on) and pod CIDR
// 10.(244 + i/256).(i%256).0/24, so 1,000 nodes fit; pod IPs are handed out from the node's CIDR.

export function nodeInternalIP(index: number): string {
  const n = index + 2;
  return `172.18.${Math.floor(n / 256) % 256}.${n % 256}`;
}

export function nodePodCIDR(index: number): string {
  return `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`;
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Hands out host addresses of an IPv4 CIDR (skipping network, .1 gateway and broadcast); released ones are reused last. */
export class PodIPAllocator {
  private readonly first: number;
  private readonly last: number;
  private next: number;
  private readonly used = new Set<number>();

  constructor(readonly cidr: string) {
    const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
    if (!match || Number(match[2]) > 30) throw new Error(`pod CIDR "${cidr}" is not an IPv4 CIDR of /30 or larger`);
    const size = 2 ** (32 - Number(match[2]));
    const base = ipToNumber(match[1]) - (ipToNumber(match[1]) % size);
    this.first = base + 2;
    this.last = base + size - 2;
    this.next = this.first;
  }

  allocate(): string {
    const span = this.last - this.first + 1;
    for (let tried = 0; tried < span; tried++) {
      const candidate = this.next;
      this.next = candidate === this.last ? this.first : candidate + 1;
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return numberToIp(candidate);
      }
    }
    throw new Error(`pod CIDR ${this.cidr} has no free address`);
  }

  release(ip: string): void {
    this.used.delete(ipToNumber(ip));
  }
}
