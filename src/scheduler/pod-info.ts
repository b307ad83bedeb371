// What the scheduler needs to know about a pod, computed once per pod object: its requests, host
// ports and parsed inter-pod affinity terms (selectors compiled, namespaces resolved).
import type { Pod, PodAffinityTerm } from '../api/index.js';
import { labelSelectorFromObject, matchesLabels, type LabelSelector } from '../machinery/index.js';
import { podHostPorts, type HostPort } from './host-ports.js';
import { computePodRequests, type PodRequests } from './resources.js';

export interface AffinityTerm {
  /** Namespaces named by the term (the pod's own when it names none and has no namespace selector). */
  namespaces: ReadonlySet<string>;
  /** undefined when the term has no namespaceSelector (matches no extra namespace). */
  namespaceSelector?: LabelSelector;
  selector: LabelSelector;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface PodInfo extends PodRequests {
  pod: Pod;
  /** "namespace/name" */
  key: string;
  uid: string;
  namespace: string;
  labels: Record<string, string>;
  hostPorts: HostPort[];
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
  /** Why the pod's affinity terms could not be parsed, if they could not. */
  parseError?: string;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function affinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespace = pod.metadata?.namespace ?? '';
  const named = term.namespaces ?? [];
  const hasNamespaceSelector = term.namespaceSelector !== undefined && term.namespaceSelector !== null;
  return {
    namespaces: new Set(named.length === 0 && !hasNamespaceSelector ? [namespace] : named),
    namespaceSelector: hasNamespaceSelector ? labelSelectorFromObject(term.namespaceSelector) : undefined,
    selector: labelSelectorFromObject(term.labelSelector),
    topologyKey: term.topologyKey,
  };
}

/** Upstream's AffinityTerm.Matches: the pod is in one of the term's namespaces and its labels match. */
export function termMatches(term: AffinityTerm, pod: PodInfo, namespaceLabels: Record<string, string> | undefined): boolean {
  const inNamespace =
    term.namespaces.has(pod.namespace) || (term.namespaceSelector !== undefined && matchesLabels(term.namespaceSelector, namespaceLabels));
  return inNamespace && matchesLabels(term.selector, pod.labels);
}

// Most pods have no host ports and no affinity terms: they all share these (never mutated) empty lists.
const NONE: never[] = [];

function orNone<T>(list: T[]): T[] {
  return list.length === 0 ? NONE : list;
}

export function newPodInfo(pod: Pod): PodInfo {
  const info: PodInfo = {
    pod,
    key: podKey(pod),
    uid: pod.metadata?.uid ?? '',
    namespace: pod.metadata?.namespace ?? '',
    labels: pod.metadata?.labels ?? {},
    hostPorts: orNone(podHostPorts(pod)),
    requiredAffinityTerms: NONE,
    requiredAntiAffinityTerms: NONE,
    preferredAffinityTerms: NONE,
    preferredAntiAffinityTerms: NONE,
    ...computePodRequests(pod),
  };
  const affinity = pod.spec?.affinity;
  if (!affinity?.podAffinity && !affinity?.podAntiAffinity) return info;
  try {
    const podAffinity = affinity?.podAffinity;
    const podAntiAffinity = affinity?.podAntiAffinity;
    info.requiredAffinityTerms = orNone((podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t)));
    info.requiredAntiAffinityTerms = orNone((podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t)));
    info.preferredAffinityTerms = orNone(
      (podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((t) => t.weight !== 0).map((t) => ({ ...affinityTerm(pod, t.podAffinityTerm), weight: t.weight })),
    );
    info.preferredAntiAffinityTerms = orNone(
      (podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
        .filter((t) => t.weight !== 0)
        .map((t) => ({ ...affinityTerm(pod, t.podAffinityTerm), weight: t.weight })),
    );
  } catch (error) {
    info.parseError = (error as Error).message;
  }
  return info;
}

/** Terms that weigh on other pods' scores: required affinity and preferred (anti-)affinity. */
export function hasScoringTerms(info: PodInfo): boolean {
  return info.requiredAffinityTerms.length > 0 || info.preferredAffinityTerms.length > 0 || info.preferredAntiAffinityTerms.length > 0;
}

export function isTerminating(info: PodInfo): boolean {
  return info.pod.metadata?.deletionTimestamp !== undefined && info.pod.metadata.deletionTimestamp !== null;
}
