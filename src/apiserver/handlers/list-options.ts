// Query parameters of list and watch requests, parsed and checked as upstream's ListOptions
// validation does; selectors compiled into one predicate.
import {
  badRequest,
  fieldForbidden,
  fieldNotSupported,
  gone,
  invalid,
  type FieldError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldSelector,
  type LabelSelector,
} from '../../machinery/index.js';
import type { ServedResource } from '../served-resources.js';
import type { KubeObject } from '../storage/resource-storage.js';
import { checkSelectableFields, selectableFields } from './selectable-fields.js';

export interface ContinueToken {
  /** The revision the first page was read at; every page reads there. */
  rv: number;
  /** Last key of the previous page (relative to the resource prefix). */
  start: string;
}

export type ResourceVersionMatch = 'NotOlderThan' | 'Exact' | undefined;

export interface ListQuery {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  filtering: boolean;
  limit: number;
  continueToken?: ContinueToken;
  /** undefined: unset; 0: "0" (any). */
  resourceVersion?: number;
  resourceVersionMatch: ResourceVersionMatch;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
  matches(object: KubeObject): boolean;
}

export function parseResourceVersion(text: string | null, field = 'resourceVersion'): number | undefined {
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw badRequest(`${field}: Invalid value: ${JSON.stringify(text)}: must be an unsigned integer`);
  return Number(text);
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as { v?: unknown; rv?: unknown; start?: unknown };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string' || parsed.rv < 0) throw new Error('bad token');
    if (parsed.rv === 0) throw gone('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    return { rv: parsed.rv, start: parsed.start };
  } catch (error) {
    if (error instanceof Error && error.name === 'StatusError') throw error;
    throw badRequest(`continue key is not valid: the continue token ${JSON.stringify(text.slice(0, 64))} could not be decoded; start the list again without continue`);
  }
}

function parseBoolean(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === '' || value === 'true' || value === '1' || value === 'True') return true;
  if (value === 'false' || value === '0' || value === 'False') return false;
  throw badRequest(`${name}: Invalid value: ${JSON.stringify(value)}: must be true or false`);
}

function parseNonNegative(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`${name}: Invalid value: ${JSON.stringify(value)}: must be an integer`);
  return Math.max(0, Number(value));
}

const MATCHES = ['Exact', 'NotOlderThan'];

/** As upstream's ValidateListOptions for plain lists. */
function listOptionErrors(match: string, resourceVersion: number | undefined, sendInitialEvents: boolean | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (sendInitialEvents !== undefined) errors.push(fieldForbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  if (match === '') return errors;
  if (resourceVersion === undefined) errors.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
  if (!MATCHES.includes(match)) errors.push(fieldNotSupported('resourceVersionMatch', match, MATCHES));
  if (match === 'Exact' && resourceVersion === 0) errors.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  return errors;
}

/** As upstream's validateWatchOptions (the WatchList feature is on). */
function watchOptionErrors(match: string, sendInitialEvents: boolean | undefined, continueText: string): FieldError[] {
  const errors: FieldError[] = [];
  if (sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    errors.push(fieldForbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
  }
  if (match === '') return errors;
  if (sendInitialEvents === undefined) errors.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
  if (match !== 'NotOlderThan') errors.push(fieldNotSupported('resourceVersionMatch', match, ['NotOlderThan']));
  if (continueText !== '') errors.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  return errors;
}

export function parseListQuery(resource: ServedResource, query: URLSearchParams, watching: boolean): ListQuery {
  const labelSelector = parseLabelSelector(query.get('labelSelector') ?? '');
  const fieldSelector = parseFieldSelector(query.get('fieldSelector') ?? '');
  checkSelectableFields(resource, fieldSelector);
  const resourceVersion = parseResourceVersion(query.get('resourceVersion'));
  const match = query.get('resourceVersionMatch') ?? '';
  const continueText = query.get('continue') ?? '';
  const continueToken = continueText === '' ? undefined : decodeContinue(continueText);
  if (continueToken !== undefined && resourceVersion !== undefined && resourceVersion !== 0) {
    throw badRequest('specifying resource version is not allowed when using continue');
  }
  const sendInitialEvents = parseBoolean(query, 'sendInitialEvents');
  const errors = watching ? watchOptionErrors(match, sendInitialEvents, continueText) : listOptionErrors(match, resourceVersion, sendInitialEvents);
  if (errors.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errors);
  const filtering = labelSelector.requirements.length > 0 || labelSelector.matchesNothing === true || fieldSelector.requirements.length > 0;
  return {
    labelSelector,
    fieldSelector,
    filtering,
    limit: parseNonNegative(query, 'limit') ?? 0,
    continueToken,
    resourceVersion,
    resourceVersionMatch: match === '' ? undefined : (match as ResourceVersionMatch),
    timeoutSeconds: parseNonNegative(query, 'timeoutSeconds'),
    allowWatchBookmarks: parseBoolean(query, 'allowWatchBookmarks') ?? false,
    sendInitialEvents,
    matches: matcherOf(resource, labelSelector, fieldSelector, filtering),
  };
}

/** One predicate per list or watch: everything matches an empty selector, whose fields are never read. */
function matcherOf(resource: ServedResource, labels: LabelSelector, fields: FieldSelector, filtering: boolean): (object: KubeObject) => boolean {
  if (!filtering) return () => true;
  if (fields.requirements.length === 0) return (object) => matchesLabels(labels, object.metadata.labels ?? {});
  return (object) => matchesLabels(labels, object.metadata.labels ?? {}) && matchesFields(fields, selectableFields(resource, object));
}
