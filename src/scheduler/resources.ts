// Resource amounts as plain numbers for the hot path: CPU in millicores, everything else in whole
// units (bytes for memory and storage). Quantities are parsed once per pod and once per node.
import type { Container, Node, Pod } from '../api/index.js';
import { quantityMilliValue, quantityValue } from '../machinery/index.js';

export const cpu = 'cpu';
export const memory = 'memory';
export const ephemeralStorage = 'ephemeral-storage';
export const podsResource = 'pods';

/** Upstream's defaults for containers that request nothing, used only for scoring (never for fit). */
export const defaultMilliCpuRequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

export interface ResourceVector {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources, hugepages and any other resource by name. */
  scalar: Map<string, number>;
}

export function emptyResources(): ResourceVector {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

type QuantityMap = Record<string, string | number> | undefined;

const parsedAmounts = new Map<string, number>();
const parsedAmountsLimit = 10_000;

/** A quantity as a number; malformed input (the API server validates it) counts as zero. Memoized: clusters repeat a few strings. */
function amount(name: string, value: string | number): number {
  const key = `${name === cpu ? 'm' : 'u'}${value}`;
  const known = parsedAmounts.get(key);
  if (known !== undefined) return known;
  let parsed = 0;
  try {
    parsed = Number(name === cpu ? quantityMilliValue(value) : quantityValue(value));
  } catch {
    parsed = 0;
  }
  if (parsedAmounts.size >= parsedAmountsLimit) parsedAmounts.clear();
  parsedAmounts.set(key, parsed);
  return parsed;
}

export function resourcesFrom(list: QuantityMap): ResourceVector {
  const result = emptyResources();
  for (const [name, value] of Object.entries(list ?? {})) addAmount(result, name, amount(name, value));
  return result;
}

function addAmount(target: ResourceVector, name: string, value: number): void {
  switch (name) {
    case cpu:
      target.milliCPU += value;
      return;
    case memory:
      target.memory += value;
      return;
    case ephemeralStorage:
      target.ephemeralStorage += value;
      return;
    case podsResource:
      return;
    default:
      target.scalar.set(name, (target.scalar.get(name) ?? 0) + value);
  }
}

export function addResources(target: ResourceVector, other: ResourceVector, sign = 1): void {
  target.milliCPU += sign * other.milliCPU;
  target.memory += sign * other.memory;
  target.ephemeralStorage += sign * other.ephemeralStorage;
  for (const [name, value] of other.scalar) target.scalar.set(name, (target.scalar.get(name) ?? 0) + sign * value);
}

function maxResources(target: ResourceVector, other: ResourceVector): void {
  target.milliCPU = Math.max(target.milliCPU, other.milliCPU);
  target.memory = Math.max(target.memory, other.memory);
  target.ephemeralStorage = Math.max(target.ephemeralStorage, other.ephemeralStorage);
  for (const [name, value] of other.scalar) target.scalar.set(name, Math.max(target.scalar.get(name) ?? 0, value));
}

function cloneResources(source: ResourceVector): ResourceVector {
  return { ...source, scalar: new Map(source.scalar) };
}

/** What the pod asks of a node, and the same with upstream's defaults for unset CPU/memory (for scoring). */
export interface PodRequests {
  requests: ResourceVector;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
}

function containerRequests(container: Container, nonZero: boolean): ResourceVector {
  const requests = container.resources?.requests;
  const result = resourcesFrom(requests);
  if (nonZero) {
    if (requests?.[cpu] === undefined) result.milliCPU = defaultMilliCpuRequest;
    if (requests?.[memory] === undefined) result.memory = defaultMemoryRequest;
  }
  return result;
}

/**
 * Upstream's PodRequests: the sum of the app containers (plus restartable init "sidecar"
 * containers, which keep running), or the largest init container (with the sidecars started
 * before it) when that is bigger; then the pod overhead on top.
 */
function podRequestsOf(pod: Pod, nonZero: boolean): ResourceVector {
  const spec = pod.spec;
  const total = emptyResources();
  for (const container of spec?.containers ?? []) addResources(total, containerRequests(container, nonZero));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const container of spec?.initContainers ?? []) {
    const own = containerRequests(container, nonZero);
    let during: ResourceVector;
    if (container.restartPolicy === 'Always') {
      addResources(total, own);
      addResources(sidecars, own);
      during = cloneResources(sidecars);
    } else {
      during = cloneResources(own);
      addResources(during, sidecars);
    }
    maxResources(initPeak, during);
  }
  maxResources(total, initPeak);
  if (spec?.overhead !== undefined) addResources(total, resourcesFrom(spec.overhead));
  return total;
}

// Pods without extended resources (nearly all) share this empty map: a pod's requests are only ever
// read (added into a node's totals), never added to.
const NO_SCALAR = new Map<string, number>();

export function computePodRequests(pod: Pod): PodRequests {
  const requests = podRequestsOf(pod, false);
  if (requests.scalar.size === 0) requests.scalar = NO_SCALAR;
  const nonZero = podRequestsOf(pod, true);
  return { requests, nonZeroMilliCPU: nonZero.milliCPU, nonZeroMemory: nonZero.memory };
}

export interface Allocatable extends ResourceVector {
  allowedPods: number;
}

export function nodeAllocatable(node: Node): Allocatable {
  const list = node.status?.allocatable;
  const pods = list?.[podsResource];
  const resources = resourcesFrom(list);
  return {
    milliCPU: resources.milliCPU,
    memory: resources.memory,
    ephemeralStorage: resources.ephemeralStorage,
    scalar: resources.scalar,
    allowedPods: pods === undefined ? 0 : amount(podsResource, pods),
  };
}
