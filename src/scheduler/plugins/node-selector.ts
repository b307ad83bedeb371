// Node selector terms (required node affinity, preferred terms): terms are ORed, the expressions
// and fields inside a term ANDed. Operators In, NotIn, Exists, DoesNotExist, Gt and Lt on labels;
// In and NotIn on the metadata.name field. Empty terms and terms that do not parse match nothing.
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../api/index.js';
import { matchesLabels, newRequirement, type LabelOperator, type LabelRequirement, type LabelSelector } from '../../machinery/index.js';
import type { NodeInfo } from '../node-info.js';

export interface CompiledTerm {
  labels?: LabelSelector;
  /** Allowed (In) or refused (NotIn) node names. */
  names?: { operator: 'In' | 'NotIn'; values: Set<string> }[];
}

const labelOperators: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: '>', Lt: '<' };

function labelRequirement(requirement: NodeSelectorRequirement): LabelRequirement {
  const operator = labelOperators[requirement.operator];
  if (operator === undefined) throw new Error(`${JSON.stringify(requirement.operator)} is not a valid node selector operator`);
  const values = requirement.values ?? [];
  if ((operator === '>' || operator === '<') && values.length !== 1) throw new Error('Gt and Lt take exactly one value');
  return newRequirement(requirement.key, operator, values);
}

/** Compiles one term; undefined when it is empty or malformed (it then matches nothing). */
export function compileTerm(term: NodeSelectorTerm | undefined): CompiledTerm | undefined {
  const expressions = term?.matchExpressions ?? [];
  const fields = term?.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return undefined;
  try {
    const compiled: CompiledTerm = {};
    if (expressions.length > 0) compiled.labels = { requirements: expressions.map(labelRequirement) };
    if (fields.length > 0) {
      compiled.names = fields.map((field) => {
        if (field.key !== 'metadata.name' || (field.operator !== 'In' && field.operator !== 'NotIn') || (field.values ?? []).length === 0) {
          throw new Error(`unsupported node field requirement ${field.key} ${field.operator}`);
        }
        return { operator: field.operator, values: new Set(field.values) };
      });
    }
    return compiled;
  } catch {
    return undefined;
  }
}

export function termMatchesNode(term: CompiledTerm, node: NodeInfo): boolean {
  if (term.labels !== undefined && !matchesLabels(term.labels, node.labels)) return false;
  for (const field of term.names ?? []) {
    if (field.values.has(node.name) !== (field.operator === 'In')) return false;
  }
  return true;
}

/** The pod's spec.nodeSelector and required node affinity, ready to match nodes. */
export interface RequiredNodeAffinity {
  nodeSelector?: Record<string, string>;
  /** undefined: no required node affinity; otherwise terms ORed (none that parse: matches nothing). */
  terms?: CompiledTerm[];
}

export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const nodeSelector = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    nodeSelector: nodeSelector !== undefined && Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
    terms: required === undefined || required === null ? undefined : required.nodeSelectorTerms.map(compileTerm).filter((t): t is CompiledTerm => t !== undefined),
  };
}

export function matchesRequiredNodeAffinity(affinity: RequiredNodeAffinity, node: NodeInfo): boolean {
  if (affinity.nodeSelector !== undefined) {
    for (const key in affinity.nodeSelector) {
      if (node.labels[key] !== affinity.nodeSelector[key]) return false;
    }
  }
  if (affinity.terms === undefined) return true;
  for (const term of affinity.terms) if (termMatchesNode(term, node)) return true;
  return false;
}
