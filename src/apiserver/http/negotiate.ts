// Content negotiation for responses: JSON (also for `*/*` and when protobuf is offered alongside
// JSON, as kubectl does), YAML, and the meta.k8s.io views (Table, PartialObjectMetadata[List]).
import { notAcceptable } from '../../machinery/index.js';

export type ResponseView = 'Object' | 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';

export interface ResponseFormat {
  encoding: 'json' | 'yaml';
  view: ResponseView;
}

const ACCEPTED = [
  'application/json',
  'application/yaml',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io',
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
];

interface Offer {
  type: string;
  params: Map<string, string>;
}

function parseAccept(header: string): Offer[] {
  return header
    .split(',')
    .map((part) => {
      const [type, ...rest] = part.split(';').map((s) => s.trim());
      const params = new Map<string, string>();
      for (const param of rest) {
        const eq = param.indexOf('=');
        if (eq > 0) params.set(param.slice(0, eq).trim().toLowerCase(), param.slice(eq + 1).trim().replace(/^"|"$/g, ''));
      }
      return { type: type.toLowerCase(), params };
    })
    .filter((offer) => offer.type !== '' && offer.params.get('q') !== '0');
}

function viewOf(offer: Offer): ResponseView | undefined {
  const as = offer.params.get('as');
  if (as === undefined) return 'Object';
  const group = offer.params.get('g');
  const version = offer.params.get('v');
  if (group !== 'meta.k8s.io' || (version !== 'v1' && version !== 'v1beta1')) return undefined;
  if (as === 'Table' || as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return as;
  return undefined;
}

/** The first acceptable offer in the client's order (kubectl lists its preference first). */
export function negotiate(acceptHeader: string | undefined, allowViews = true): ResponseFormat {
  if (acceptHeader === undefined || acceptHeader.trim() === '') return { encoding: 'json', view: 'Object' };
  for (const offer of parseAccept(acceptHeader)) {
    const encoding =
      offer.type === 'application/json' || offer.type === '*/*' || offer.type === 'application/*'
        ? 'json'
        : offer.type === 'application/yaml'
          ? 'yaml'
          : undefined;
    if (encoding === undefined) continue;
    const view = viewOf(offer);
    if (view === undefined || (view !== 'Object' && !allowViews)) continue;
    return { encoding, view };
  }
  throw notAcceptable(ACCEPTED);
}
