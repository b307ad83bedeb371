// serviceaccounts/token: a TokenRequest in, the same TokenRequest out with status.token, a signed JWT
// for the service account (optionally bound to a Pod, Secret or Node), as upstream's TokenREST.
import { randomUUID } from 'node:crypto';
import { definition } from '../../api/index.js';
import {
  badRequest,
  conflict,
  createSchemaWalker,
  fieldInvalid,
  invalid,
  validateAgainstSchema,
  type FieldError,
} from '../../machinery/index.js';
import type { ApiContext } from '../context.js';
import { ResourceStorage, type KubeObject } from '../storage/resource-storage.js';
import { rfc3339 } from './object-meta.js';
import { readRequestObject } from './request-object.js';
import { send, type RequestScope } from './scope.js';
import { tokenSignerOf } from './service-account-signer.js';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
const TOKEN_REQUEST = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' };
const TOKEN_REQUEST_KIND = { group: 'authentication.k8s.io', kind: 'TokenRequest' };

interface BoundObjectRef {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: BoundObjectRef;
}

type NamedRef = { name: string; uid: string };

const walker = createSchemaWalker((ref) => definition(ref));

export async function handleServiceAccountToken(scope: RequestScope): Promise<void> {
  const name = scope.name!;
  const namespace = scope.namespace!;
  const request = await readRequestObject(scope, TOKEN_REQUEST);
  checkRequest(request, name);
  const spec: TokenRequestSpec = { ...((request.spec ?? {}) as TokenRequestSpec) };
  spec.expirationSeconds ??= DEFAULT_EXPIRATION_SECONDS;
  checkExpiration(spec.expirationSeconds, name);

  const serviceAccount = (await scope.storage.get(namespace, name)).object;
  const bound = spec.boundObjectRef === undefined ? {} : await boundClaims(scope.ctx, namespace, name, spec.boundObjectRef);
  if (spec.audiences === undefined || spec.audiences.length === 0) spec.audiences = [SERVICE_ACCOUNT_ISSUER];

  const now = Math.floor(scope.ctx.clock().getTime() / 1000);
  const expires = now + spec.expirationSeconds;
  const token = tokenSignerOf(scope.ctx).sign({
    aud: spec.audiences,
    exp: expires,
    iat: now,
    iss: SERVICE_ACCOUNT_ISSUER,
    jti: randomUUID(),
    'kubernetes.io': {
      namespace,
      ...bound,
      serviceaccount: { name, uid: serviceAccount.metadata.uid ?? '' },
    },
    nbf: now,
    sub: `system:serviceaccount:${namespace}:${name}`,
  });
  send({ ...scope, format: { ...scope.format, view: 'Object' } }, 201, {
    kind: TOKEN_REQUEST.kind,
    apiVersion: TOKEN_REQUEST.apiVersion,
    metadata: { ...request.metadata, name, namespace, creationTimestamp: null },
    spec,
    status: { token, expirationTimestamp: rfc3339(new Date(expires * 1000)) },
  });
}

/** Field types as the schema declares them; name and namespace, when given, those of the URL. */
function checkRequest(request: KubeObject, name: string): void {
  const { causes } = validateAgainstSchema(request, { $ref: 'io.k8s.api.authentication.v1.TokenRequest' }, walker, { unknownFields: 'Ignore' });
  const errors: FieldError[] = causes.filter((cause) => cause.type !== 'FieldValueRequired' && !cause.field.startsWith('metadata.'));
  const given = request.metadata.name;
  if (given !== undefined && given !== '' && given !== name) errors.push(fieldInvalid('metadata.name', given, 'must match the service account name if specified'));
  if (errors.length > 0) throw invalid(TOKEN_REQUEST_KIND, name, errors);
}

function checkExpiration(seconds: number, name: string): void {
  if (seconds < MIN_EXPIRATION_SECONDS) {
    throw invalid(TOKEN_REQUEST_KIND, name, [fieldInvalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes')]);
  }
  if (seconds > MAX_EXPIRATION_SECONDS) {
    throw invalid(TOKEN_REQUEST_KIND, name, [fieldInvalid('spec.expirationSeconds', seconds, 'may not specify a duration larger than 2^32 seconds')]);
  }
}

async function getObject(ctx: ApiContext, plural: string, namespace: string | undefined, name: string): Promise<KubeObject> {
  const resource = ctx.served.find('', 'v1', plural);
  if (resource === undefined) throw badRequest(`${plural} are not served`);
  return (await new ResourceStorage(ctx.store, resource).get(namespace, name)).object;
}

const refOf = (object: KubeObject): NamedRef => ({ name: object.metadata.name ?? '', uid: object.metadata.uid ?? '' });

/** The `kubernetes.io` claims of a bound token: the object (and a pod's node), checked to exist with the given UID. */
async function boundClaims(ctx: ApiContext, namespace: string, serviceAccount: string, ref: BoundObjectRef): Promise<Record<string, NamedRef>> {
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  const kind = ref.kind ?? '';
  const name = ref.name ?? '';
  const claims: Record<string, NamedRef> = {};
  let object: KubeObject;
  if (group === '' && kind === 'Pod') {
    object = await getObject(ctx, 'pods', namespace, name);
    const podServiceAccount = ((object.spec ?? {}) as { serviceAccountName?: string }).serviceAccountName ?? '';
    if (podServiceAccount !== serviceAccount) {
      throw badRequest(`cannot bind token for serviceaccount ${JSON.stringify(serviceAccount)} to pod running with serviceaccount ${JSON.stringify(podServiceAccount)}`);
    }
    claims.pod = refOf(object);
    const nodeName = ((object.spec ?? {}) as { nodeName?: string }).nodeName;
    if (nodeName !== undefined && nodeName !== '') {
      const node = await getObject(ctx, 'nodes', undefined, nodeName).catch(() => undefined);
      if (node !== undefined) claims.node = refOf(node);
    }
  } else if (group === '' && kind === 'Secret') {
    object = await getObject(ctx, 'secrets', namespace, name);
    claims.secret = refOf(object);
  } else if (group === '' && kind === 'Node') {
    object = await getObject(ctx, 'nodes', undefined, name);
    claims.node = refOf(object);
  } else {
    throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
  }
  const uid = object.metadata.uid ?? '';
  if (ref.uid !== undefined && ref.uid !== '' && ref.uid !== uid) {
    throw conflict(
      { group, resource: kind },
      name,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
    );
  }
  return claims;
}
