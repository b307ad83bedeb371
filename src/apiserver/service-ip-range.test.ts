import { describe, expect, it } from 'vitest';
import { parseServiceCidr } from './service-ip-range.js';

describe('service IP range', () => {
  it('reserves the first address for the kubernetes service and excludes network and broadcast', () => {
    const range = parseServiceCidr('10.43.0.0/16');
    expect(range.cidr).toBe('10.43.0.0/16');
    expect(range.kubernetesServiceIP).toBe('10.43.0.1');
    expect(range.size).toBe(65536);
    expect(range.ipAt(2)).toBe('10.43.0.2');
    expect(range.contains('10.43.255.254')).toBe(true);
    expect(range.contains('10.43.0.0')).toBe(false);
    expect(range.contains('10.43.255.255')).toBe(false);
    expect(range.contains('10.44.0.1')).toBe(false);
    expect(range.contains('10.43.0.300')).toBe(false);
  });

  it('normalises a CIDR written with host bits', () => {
    expect(parseServiceCidr('10.100.3.7/12').cidr).toBe('10.96.0.0/12');
  });

  it('refuses what is not an IPv4 range, naming the value', () => {
    expect(() => parseServiceCidr('fd00::/108')).toThrow('service CIDR "fd00::/108" is not an IPv4 range with a prefix from /8 to /30, such as "10.96.0.0/12"');
    expect(() => parseServiceCidr('10.0.0.0/31')).toThrow('is not an IPv4 range');
  });
});
