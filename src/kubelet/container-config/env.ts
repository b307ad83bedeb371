// A container's environment as upstream's kubelet makes it (makeEnvironmentVariables): envFrom
// sources first (prefix applied, invalid names skipped with a Warning), then env in order, each
// `value` expanded against the variables defined before it; valueFrom read from the pod, its
// resources, ConfigMaps and Secrets. Any failure is a CreateContainerConfigError with upstream's message.
import type { ConfigMap, Container, Pod, Secret } from '../../api/index.js';
import { CreateContainerError } from '../container-runtime.js';
import { expand, mappingFor } from './expand.js';
import { podFieldValue, type PodAddresses } from './pod-fields.js';
import { optionalObject, secretData, type PodObjects } from './pod-objects.js';
import { containerResourceValue } from './resource-fields.js';

export interface EnvContext {
  pod: Pod;
  container: Container;
  objects: PodObjects;
  addresses: PodAddresses;
  /** The node's allocatable resources (limits that are not set). */
  allocatable: Record<string, string>;
  /** A Warning Event on the pod. */
  warn?(reason: string, message: string): void;
  /** Service link variables (service-env.ts): `$(VAR)` sources, and appended when not declared. */
  serviceEnv?: ReadonlyMap<string, string>;
}

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export async function resolveEnv(ctx: EnvContext): Promise<{ name: string; value: string }[]> {
  try {
    const env = await environment(ctx);
    for (const [name, value] of ctx.serviceEnv ?? []) if (!env.has(name)) env.set(name, value);
    return [...env].map(([name, value]) => ({ name, value }));
  } catch (error) {
    if (error instanceof CreateContainerError) throw error;
    throw new CreateContainerError('CreateContainerConfigError', error instanceof Error ? error.message : String(error));
  }
}

async function environment(ctx: EnvContext): Promise<Map<string, string>> {
  const { pod, container, objects } = ctx;
  const namespace = pod.metadata?.namespace ?? '';
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref?.name) continue;
    const kind = source.configMapRef ? 'configMap' : 'secret';
    const object = source.configMapRef ? await optionalObject(objects.configMap(ref.name), ref.optional) : await optionalObject(objects.secret(ref.name), ref.optional);
    if (!object) continue;
    const data = source.configMapRef ? configMapDataText(object as ConfigMap) : secretData(object as Secret);
    const invalid: string[] = [];
    for (const key of Object.keys(data).sort()) {
      const name = `${source.prefix ?? ''}${key}`;
      if (!ENV_VAR_NAME.test(name)) invalid.push(name);
      else env.set(name, data[key].toString());
    }
    if (invalid.length > 0) {
      ctx.warn?.(
        'InvalidEnvironmentVariableNames',
        `Keys [${invalid.join(', ')}] from the EnvFrom ${kind} ${namespace}/${ref.name} were skipped since they are considered invalid environment variable names.`,
      );
    }
  }
  for (const variable of container.env ?? []) {
    const value = await envValue(ctx, variable, env);
    if (value !== undefined) env.set(variable.name, value);
  }
  return env;
}

/** envFrom reads a ConfigMap's `data` only (binaryData is for volumes). */
function configMapDataText(object: ConfigMap): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(object.data ?? {}).map(([key, value]) => [key, Buffer.from(String(value))]));
}

async function envValue(ctx: EnvContext, variable: NonNullable<Container['env']>[number], defined: Map<string, string>): Promise<string | undefined> {
  const { pod, container, objects } = ctx;
  const namespace = pod.metadata?.namespace ?? '';
  if (variable.value) return expand(variable.value, mappingFor(defined, ctx.serviceEnv ?? new Map()));
  const from = variable.valueFrom;
  if (!from) return '';
  if (from.fieldRef) return podFieldValue(pod, from.fieldRef.fieldPath, ctx.addresses);
  if (from.resourceFieldRef) return containerResourceValue(pod, from.resourceFieldRef, container.name, ctx.allocatable);
  if (from.configMapKeyRef) {
    const { name = '', key, optional } = from.configMapKeyRef;
    const configMap = await optionalObject(objects.configMap(name), optional);
    if (!configMap) return undefined;
    const value = configMap.data?.[key];
    if (value !== undefined) return String(value);
    if (optional) return undefined;
    throw new Error(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional } = from.secretKeyRef;
    const secret = await optionalObject(objects.secret(name), optional);
    if (!secret) return undefined;
    const value = secretData(secret)[key];
    if (value !== undefined) return value.toString();
    if (optional) return undefined;
    throw new Error(`couldn't find key ${key} in Secret ${namespace}/${name}`);
  }
  return '';
}
