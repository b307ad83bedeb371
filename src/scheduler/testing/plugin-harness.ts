// Runs one plugin's extension points over a small in-memory cluster, for the plugin tests.
import type { Node, Pod } from '../../api/index.js';
import { CycleState, type Plugin } from '../framework/plugin.js';
import type { Status } from '../framework/status.js';
import { newPodInfo } from '../pod-info.js';
import { SchedulerCache } from '../scheduler-cache.js';

export function clusterOf(nodes: Node[], pods: Pod[] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const node of nodes) cache.setNode(node);
  for (const pod of pods) cache.setPod(pod);
  return cache;
}

/** PreFilter, then Filter on every node: the status per node name ("ok" when it passes). */
export function filterNodes(plugin: Plugin, pod: Pod, cache: SchedulerCache): Record<string, string> {
  const state = new CycleState(cache);
  const info = newPodInfo(pod);
  const pre = plugin.preFilter?.(state, info);
  const result: Record<string, string> = {};
  for (const node of cache.nodes) {
    let status: Status | undefined;
    if (pre !== undefined && pre.code !== 'Skip') status = pre;
    else if (pre?.code !== 'Skip') status = plugin.filter?.(state, info, node);
    result[node.name] = status === undefined ? 'ok' : `${status.code}: ${status.reasons.join(', ')}`;
  }
  return result;
}

/** PreScore, Score and NormalizeScore over the given nodes (all by default): the final score per node. */
export function scoreNodes(plugin: Plugin, pod: Pod, cache: SchedulerCache, nodeNames?: string[]): Record<string, number> | 'skip' {
  const state = new CycleState(cache);
  const info = newPodInfo(pod);
  const nodes = nodeNames === undefined ? [...cache.nodes] : nodeNames.map((name) => cache.get(name)!);
  const pre = plugin.preScore?.(state, info, nodes);
  if (pre?.code === 'Skip') return 'skip';
  const scores = nodes.map((node) => plugin.score!(state, info, node));
  plugin.normalizeScore?.(state, info, nodes, scores);
  return Object.fromEntries(nodes.map((node, i) => [node.name, scores[i]]));
}
