// DeleteOptions from the request body (JSON or YAML) and/or the query, validated as upstream does.
import { badRequest, fieldInvalid, fieldNotSupported, invalid, type FieldError } from '../../machinery/index.js';
import { decodeDocument, mediaTypeOf, readBody, requireObject } from '../http/body.js';
import { decodeProtobufObject } from '../http/protobuf/decode.js';
import type { RequestScope } from './scope.js';
import { parseDryRun } from './write-options.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
  /** The deprecated orphanDependents=false: the one case upstream answers a pending deletion with 202. */
  cascadeRequested?: boolean;
}

const POLICIES = ['Foreground', 'Background', 'Orphan'];

function integer(value: unknown, field: string, errors: FieldError[]): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    errors.push(fieldInvalid(field, value, 'must be an integer'));
    return undefined;
  }
  return number;
}

export async function readDeleteOptions(scope: RequestScope): Promise<DeleteOptions> {
  const body = await readBody(scope.req, scope.ctx.maxBodyBytes, scope.res);
  let fromBody: Record<string, unknown> = {};
  const mediaType = mediaTypeOf(scope.req.headers['content-type']);
  if (mediaType === 'application/vnd.kubernetes.protobuf' && body.length > 0) fromBody = decodeProtobufObject(body);
  else if (body.length > 0 && body.toString('utf8').trim() !== '') {
    fromBody = requireObject(decodeDocument(body, mediaType), 'DeleteOptions body');
  }
  const query = scope.query;
  const errors: FieldError[] = [];
  const grace = integer(fromBody.gracePeriodSeconds ?? query.get('gracePeriodSeconds') ?? undefined, 'gracePeriodSeconds', errors);
  let policy = (fromBody.propagationPolicy ?? query.get('propagationPolicy') ?? undefined) as unknown;
  const orphan = fromBody.orphanDependents ?? query.get('orphanDependents') ?? undefined;
  if (policy !== undefined && policy !== null && !POLICIES.includes(policy as string)) {
    errors.push(fieldNotSupported('propagationPolicy', policy, [...POLICIES, 'nil']));
  }
  if (orphan !== undefined && orphan !== null) {
    if (policy !== undefined && policy !== null) errors.push(fieldInvalid('orphanDependents', orphan, 'orphanDependents and deletionPropagation cannot be both set'));
    else if (orphan === true || orphan === 'true') policy = 'Orphan';
    else if (orphan === false || orphan === 'false') policy = 'Background';
  }
  if (grace !== undefined && grace < 0) errors.push(fieldInvalid('gracePeriodSeconds', grace, 'must be greater than or equal to 0'));
  const bodyDryRun = fromBody.dryRun;
  if (bodyDryRun !== undefined && (!Array.isArray(bodyDryRun) || bodyDryRun.some((v) => v !== 'All'))) {
    errors.push(fieldNotSupported('dryRun', bodyDryRun, ['All']));
  }
  if (errors.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errors);
  const preconditions = fromBody.preconditions;
  if (preconditions !== undefined && preconditions !== null && (typeof preconditions !== 'object' || Array.isArray(preconditions))) {
    throw badRequest('DeleteOptions.preconditions must be an object with uid and/or resourceVersion');
  }
  const pre = (preconditions ?? {}) as { uid?: unknown; resourceVersion?: unknown };
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: policy === undefined || policy === null ? undefined : (policy as PropagationPolicy),
    preconditions: {
      uid: typeof pre.uid === 'string' ? pre.uid : undefined,
      resourceVersion: typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined,
    },
    dryRun: parseDryRun(query) || (Array.isArray(bodyDryRun) && bodyDryRun.length > 0),
    cascadeRequested: orphan === false || orphan === 'false',
  };
}
