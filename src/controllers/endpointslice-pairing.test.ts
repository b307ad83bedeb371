import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../api/index.js';
import { pairSlices, type SliceContent } from './endpointslice-controller.js';

const endpoint = (ip: string) => ({ addresses: [ip], conditions: { ready: true, serving: true, terminating: false } });
const slice = (name: string, port: number | undefined, ips: string[]): EndpointSlice => ({
  metadata: { name },
  addressType: 'IPv4',
  endpoints: ips.map(endpoint),
  ...(port === undefined ? {} : { ports: [{ name: 'web', port, protocol: 'TCP' }] }),
});
const content = (port: number, ips: string[]): SliceContent => ({ endpoints: ips.map(endpoint), ports: [{ name: 'web', port, protocol: 'TCP' }] });

describe('pairing live EndpointSlices with desired contents', () => {
  it('keeps each slice on its own ports whatever order the names sort in', () => {
    const a = slice('api-aaaaa', 9090, ['10.0.0.2']);
    const b = slice('api-bbbbb', 8080, ['10.0.0.1']);
    const { pairs, extras } = pairSlices([a, b], [content(8080, ['10.0.0.1']), content(9090, ['10.0.0.2'])]);
    expect(pairs.map((p) => p?.metadata?.name)).toEqual(['api-bbbbb', 'api-aaaaa']);
    expect(extras).toEqual([]);
  });

  it('prefers the slice already holding the endpoints, reuses a leftover for new ports and deletes the rest', () => {
    const full = slice('s-1', 8080, ['10.0.0.1']);
    const other = slice('s-2', 8080, ['10.0.0.3']);
    const placeholder = slice('s-3', undefined, []);
    const { pairs, extras } = pairSlices([other, full, placeholder], [content(8080, ['10.0.0.1']), content(7070, ['10.0.0.9'])]);
    expect(pairs.map((p) => p?.metadata?.name)).toEqual(['s-1', 's-2']);
    expect(extras.map((e) => e.metadata?.name)).toEqual(['s-3']);
  });

  it('creates when there is nothing to reuse', () => {
    const { pairs, extras } = pairSlices([], [content(8080, [])]);
    expect(pairs).toEqual([undefined]);
    expect(extras).toEqual([]);
  });
});
