// Values of a container's resources for env resourceFieldRef and downwardAPI volumes, as upstream's
// ExtractResourceValueByContainerNameAndNodeAllocatable: an unset limit is the node's allocatable,
// divided by the divisor (default 1) and rounded up.
import type { Container, Pod } from '../../api/index.js';
import { parseQuantity, quantityMilliValue, quantityValue } from '../../machinery/index.js';

export interface ResourceFieldSelector {
  containerName?: string;
  resource: string;
  divisor?: string | number;
}

function divisorOf(selector: ResourceFieldSelector): string {
  const text = selector.divisor === undefined ? '' : String(selector.divisor);
  if (text === '' || quantityMilliValue(parseQuantity(text)) === 0n) return '1';
  return text;
}

function ceilDiv(a: bigint, b: bigint): string {
  if (b === 0n) return '0';
  const q = a / b;
  return String(a % b === 0n || a < 0n ? q : q + 1n);
}

export function containerResourceValue(pod: Pod, selector: ResourceFieldSelector, defaultContainer: string, allocatable: Record<string, string>): string {
  const name = selector.containerName || defaultContainer;
  const container: Container | undefined = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
  if (!container) throw new Error(`container ${name} not found`);
  const [kind, resource] = selector.resource.split('.', 2) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || !resource) throw new Error(`unsupported container resource : ${selector.resource}`);
  if (!['cpu', 'memory', 'ephemeral-storage'].includes(resource) && !resource.startsWith('hugepages-')) {
    throw new Error(`unsupported container resource : ${selector.resource}`);
  }
  const resources = container.resources as { limits?: Record<string, string | number>; requests?: Record<string, string | number> } | undefined;
  let value = resources?.[kind]?.[resource];
  if (value === undefined && kind === 'limits') value = allocatable[resource];
  const quantity = parseQuantity(String(value ?? '0'));
  const divisor = parseQuantity(divisorOf(selector));
  if (resource === 'cpu') return ceilDiv(quantityMilliValue(quantity), quantityMilliValue(divisor));
  return ceilDiv(quantityValue(quantity), quantityValue(divisor));
}
