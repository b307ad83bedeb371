// Whether a DaemonSet's pod belongs on a node (upstream's daemon NodeShouldRunDaemonPod): the pod's
// nodeSelector and required node affinity must match, and its tolerations must cover the node's
// NoSchedule taints (to place a new pod) and NoExecute taints (to keep a running one).
import type { Affinity, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from '../api/index.js';

/** The tolerations upstream's DaemonSet controller adds to every daemon pod. */
export function withDaemonTolerations(tolerations: Toleration[] | undefined, hostNetwork = false): Toleration[] {
  const added: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : []),
  ];
  const result = [...(tolerations ?? [])];
  for (const toleration of added) {
    if (!result.some((existing) => existing.key === toleration.key && existing.effect === toleration.effect)) result.push(toleration);
  }
  return result;
}

export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

function requirementMatches(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const actual = Number.parseInt(value ?? '', 10);
      const bound = Number.parseInt(values[0] ?? '', 10);
      if (Number.isNaN(actual) || Number.isNaN(bound)) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  return (
    expressions.every((requirement) => requirementMatches(requirement, labels[requirement.key])) &&
    fields.every((requirement) => requirement.key === 'metadata.name' && requirementMatches(requirement, node.metadata?.name))
  );
}

export interface NodeFit {
  /** A new daemon pod may be placed here. */
  shouldRun: boolean;
  /** An existing daemon pod may stay here. */
  shouldContinueRunning: boolean;
}

export function daemonNodeFit(pod: Pod, node: Node): NodeFit {
  const labels = node.metadata?.labels ?? {};
  const selectorOk = Object.entries(pod.spec?.nodeSelector ?? {}).every(([key, value]) => labels[key] === value);
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const affinityOk = terms === undefined || terms.some((term) => termMatches(term, node));
  if (!selectorOk || !affinityOk) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = pod.spec?.tolerations ?? [];
  const untolerated = (node.spec?.taints ?? []).filter((taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((toleration) => toleratesTaint(toleration, taint)));
  return {
    shouldRun: untolerated.length === 0,
    shouldContinueRunning: !untolerated.some((taint) => taint.effect === 'NoExecute'),
  };
}

/** The pod's required node affinity replaced by `metadata.name In [node]`, as upstream pins daemon pods. */
export function pinnedToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const pinned: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  return {
    ...(affinity ?? {}),
    nodeAffinity: {
      ...(affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [pinned] },
    },
  };
}
