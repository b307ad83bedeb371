// A pod's QoS class as upstream computes status.qosClass (only cpu and memory count).
import { compareQuantities } from './quantity.js';

type Json = Record<string, unknown>;
export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const qosResources = ['cpu', 'memory'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isZero(value: unknown): boolean {
  try {
    return compareQuantities(String(value), '0') === 0;
  } catch {
    return false;
  }
}

export function podQOSClass(spec: unknown): QOSClass {
  if (!isObject(spec)) return 'BestEffort';
  const containers = [spec.containers, spec.initContainers].flatMap((list) => (Array.isArray(list) ? list.filter(isObject) : []));
  let anyRequestOrLimit = false;
  let guaranteed = true;
  for (const container of containers) {
    const resources = isObject(container.resources) ? container.resources : {};
    const requests = isObject(resources.requests) ? resources.requests : {};
    const limits = isObject(resources.limits) ? resources.limits : {};
    for (const name of qosResources) {
      const request = requests[name];
      const limit = limits[name];
      if ((request !== undefined && !isZero(request)) || (limit !== undefined && !isZero(limit))) anyRequestOrLimit = true;
      if (limit === undefined || isZero(limit)) guaranteed = false;
      else if (request !== undefined && compareQuantities(String(request), String(limit)) !== 0) guaranteed = false;
    }
  }
  if (!anyRequestOrLimit) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
