// Whether a CRD's names are free in its group (upstream's naming controller): plural, singular,
// short names, kind and list kind must not be taken by an earlier CRD of the same group, and the
// group/plural must not shadow a built-in resource.
import type { ServedResource } from '../served-resources.js';
import type { CrdView } from './served-from-crd.js';

export interface NamesVerdict {
  accepted: boolean;
  reason: string;
  message: string;
}

export function checkNames(crd: CrdView, earlier: CrdView[], builtins: ServedResource[]): NamesVerdict {
  const { names } = crd;
  if (builtins.some(({ info, custom }) => custom === undefined && info.group === crd.group && info.plural === names.plural)) {
    return { accepted: false, reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
  }
  const sameGroup = earlier.filter((other) => other.group === crd.group && other.name !== crd.name);
  const taken = (pick: (other: CrdView) => string[]) => new Set(sameGroup.flatMap(pick));
  const checks: [string, string[], Set<string>][] = [
    ['PluralConflict', [names.plural], taken((o) => [o.names.plural])],
    ['SingularConflict', [names.singular], taken((o) => [o.names.singular])],
    ['ShortNamesConflict', names.shortNames, taken((o) => o.names.shortNames)],
    ['KindConflict', [names.kind], taken((o) => [o.names.kind])],
    ['ListKindConflict', [names.listKind], taken((o) => [o.names.listKind])],
  ];
  for (const [reason, wanted, used] of checks) {
    const clash = wanted.find((name) => used.has(name));
    if (clash !== undefined) return { accepted: false, reason, message: `"${clash}" is already in use` };
  }
  return { accepted: true, reason: 'NoConflicts', message: 'no conflicts found' };
}
