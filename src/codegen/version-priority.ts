// Kubernetes' version priority (as kubectl and the API server order versions): GA before beta before
// alpha, higher major first, then higher minor; anything not shaped like a Kubernetes version last,
// alphabetically. v2 > v1 > v1beta2 > v1beta1 > v1alpha3 > v1alpha1 > foo.
import { compareStrings } from './stable-json.js';

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const STABILITY_RANK = { '': 3, beta: 2, alpha: 1 } as const;

interface ParsedVersion {
  major: number;
  stability: number;
  minor: number;
}

function parse(version: string): ParsedVersion | undefined {
  const match = KUBE_VERSION.exec(version);
  if (match === null) return undefined;
  const stability = STABILITY_RANK[(match[2] ?? '') as keyof typeof STABILITY_RANK];
  return { major: Number(match[1]), stability, minor: match[3] === undefined ? 0 : Number(match[3]) };
}

/** Sort comparator: the preferred version first. */
export function compareVersionPriority(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  if (left === undefined && right === undefined) return compareStrings(a, b);
  if (left === undefined) return 1;
  if (right === undefined) return -1;
  return right.stability - left.stability || right.major - left.major || right.minor - left.minor;
}

/** GA versions (v1, v2) as opposed to alpha/beta ones; only these are served by default upstream. */
export function isGeneralAvailability(version: string): boolean {
  return parse(version)?.stability === STABILITY_RANK[''];
}
