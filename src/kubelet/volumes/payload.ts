// The files of a ConfigMap, Secret, downwardAPI or projected volume (upstream's MakePayload and
// CollectData): relative path -> content and mode, `items` picking keys, `optional` tolerating a
// missing object or key, defaultMode 0644.
import type { Pod, VolumeProjection } from '../../api/index.js';
import type { Client } from '../../client/index.js';
import { podFieldValue, type PodAddresses } from '../container-config/pod-fields.js';
import { configMapData, optionalObject, secretData, type PodObjects } from '../container-config/pod-objects.js';
import { containerResourceValue } from '../container-config/resource-fields.js';

export const DEFAULT_FILE_MODE = 0o644;

export interface FileContent {
  data: Buffer;
  mode: number;
}

export type Payload = Map<string, FileContent>;

export interface PayloadContext {
  pod: Pod;
  objects: PodObjects;
  addresses: PodAddresses;
  allocatable: Record<string, string>;
  client: Client;
  now: number;
  /** Service account tokens already issued, by `<uid>/<volume>/<path>`, reused until 80% of their lifetime. */
  tokens: Map<string, { data: Buffer; renewAt: number }>;
}

interface KeyItems {
  items?: { key: string; path: string; mode?: number }[];
  optional?: boolean;
}

function keyedPayload(data: Record<string, Buffer>, source: KeyItems, defaultMode: number, missingKey: (key: string) => string, into: Payload): void {
  if (!source.items || source.items.length === 0) {
    for (const [key, value] of Object.entries(data)) into.set(key, { data: value, mode: defaultMode });
    return;
  }
  for (const item of source.items) {
    const value = data[item.key];
    if (value === undefined) {
      if (source.optional) continue;
      throw new Error(missingKey(item.key));
    }
    into.set(item.path, { data: value, mode: item.mode ?? defaultMode });
  }
}

export async function configMapPayload(ctx: PayloadContext, source: KeyItems & { name?: string }, defaultMode: number, into: Payload): Promise<void> {
  const configMap = await optionalObject(ctx.objects.configMap(source.name ?? ''), source.optional);
  if (!configMap) return;
  keyedPayload(configMapData(configMap), source, defaultMode, (key) => `configmap references non-existent config key: ${key}`, into);
}

export async function secretPayload(ctx: PayloadContext, source: KeyItems & { name?: string }, defaultMode: number, into: Payload): Promise<void> {
  const secret = await optionalObject(ctx.objects.secret(source.name ?? ''), source.optional);
  if (!secret) return;
  keyedPayload(secretData(secret), source, defaultMode, (key) => `references non-existent secret key: ${key}`, into);
}

type DownwardItems = NonNullable<NonNullable<VolumeProjection['downwardAPI']>['items']>;

export function downwardPayload(ctx: PayloadContext, items: DownwardItems, defaultMode: number, into: Payload): void {
  for (const item of items) {
    let value: string;
    if (item.fieldRef) value = podFieldValue(ctx.pod, item.fieldRef.fieldPath, ctx.addresses);
    else if (item.resourceFieldRef) value = containerResourceValue(ctx.pod, item.resourceFieldRef, item.resourceFieldRef.containerName ?? '', ctx.allocatable);
    else continue;
    into.set(item.path, { data: Buffer.from(value), mode: item.mode ?? defaultMode });
  }
}

/** A bound service account token from the TokenRequest API (serviceaccounts/<name>/token). */
async function tokenPayload(ctx: PayloadContext, volume: string, source: NonNullable<VolumeProjection['serviceAccountToken']>, defaultMode: number, into: Payload): Promise<void> {
  const { pod } = ctx;
  const key = `${pod.metadata?.uid}/${volume}/${source.path}`;
  const issued = ctx.tokens.get(key);
  if (issued && ctx.now < issued.renewAt) {
    into.set(source.path, { data: issued.data, mode: defaultMode });
    return;
  }
  const account = pod.spec?.serviceAccountName || 'default';
  const request = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      audiences: source.audience ? [source.audience] : [],
      expirationSeconds: source.expirationSeconds ?? 3600,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid },
    },
  };
  const answer = await ctx.client.resource('v1', 'serviceaccounts').createSubresource<typeof request, { status?: { token?: string } }>(account, 'token', request, { namespace: pod.metadata?.namespace });
  if (!answer.status?.token) throw new Error(`the TokenRequest for service account "${account}" returned no token`);
  const data = Buffer.from(answer.status.token);
  ctx.tokens.set(key, { data, renewAt: ctx.now + 0.8 * request.spec.expirationSeconds * 1000 });
  into.set(source.path, { data, mode: defaultMode });
}

export async function projectedPayload(ctx: PayloadContext, volume: string, sources: VolumeProjection[], defaultMode: number): Promise<Payload> {
  const payload: Payload = new Map();
  for (const source of sources) {
    if (source.configMap) await configMapPayload(ctx, source.configMap, defaultMode, payload);
    else if (source.secret) await secretPayload(ctx, source.secret, defaultMode, payload);
    else if (source.downwardAPI) downwardPayload(ctx, source.downwardAPI.items ?? [], defaultMode, payload);
    else if (source.serviceAccountToken) await tokenPayload(ctx, volume, source.serviceAccountToken, defaultMode, payload);
  }
  return payload;
}
