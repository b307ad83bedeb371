// Which discovery document a client asked for. kubectl 1.32 lists the aggregated profiles first
// (apidiscovery.k8s.io v2, then v2beta1) and plain application/json last.
export type DiscoveryFormat = { aggregated: 'v2' | 'v2beta1' } | { aggregated: false };

interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*/*', params: {}, q: 1 }];
  const ranges = header.split(',').map((part): MediaRange => {
    const [type = '', ...rawParams] = part.split(';').map((piece) => piece.trim());
    const params: Record<string, string> = {};
    for (const raw of rawParams) {
      const eq = raw.indexOf('=');
      if (eq > 0) params[raw.slice(0, eq).trim().toLowerCase()] = raw.slice(eq + 1).trim();
    }
    const q = params.q === undefined ? 1 : Number(params.q);
    return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
  });
  // Stable sort: equal q keeps the client's order.
  return ranges.filter((range) => range.q > 0).sort((a, b) => b.q - a.q);
}

const acceptsJson = (type: string) => type === 'application/json' || type === 'application/*' || type === '*/*';

/** The discovery format to answer with, or undefined when nothing acceptable was offered (406). */
export function discoveryFormat(header: string | undefined): DiscoveryFormat | undefined {
  for (const range of parseAccept(header)) {
    if (!acceptsJson(range.type)) continue;
    const { g, v, as } = range.params;
    if (as === undefined && g === undefined) return { aggregated: false };
    if (g === 'apidiscovery.k8s.io' && as === 'APIGroupDiscoveryList' && (v === 'v2' || v === 'v2beta1')) {
      return { aggregated: v };
    }
  }
  return undefined;
}

export const aggregatedContentType = (version: 'v2' | 'v2beta1') =>
  `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
