// Kubernetes version ordering (k8s.io/apimachinery version.CompareKubeAwareVersionStrings):
// GA before beta before alpha, higher numbers first; non-Kubernetes-looking versions last, by name.
const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function rank(version: string): [number, number, number] | undefined {
  const match = KUBE_VERSION.exec(version);
  if (match === null) return undefined;
  const stability = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return [stability, Number(match[1]), match[3] === undefined ? 0 : Number(match[3])];
}

/** Negative when `a` should come before `b` (is preferred over it). */
export function compareVersionPriority(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra === undefined && rb === undefined) return a.localeCompare(b);
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  return rb[0] - ra[0] || rb[1] - ra[1] || rb[2] - ra[2];
}

export function sortByVersionPriority(versions: string[]): string[] {
  return [...new Set(versions)].sort(compareVersionPriority);
}
