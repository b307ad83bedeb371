// One scheduling decision, as upstream's schedulePod: PreFilter, Filter over the nodes (starting
// where the last pod stopped, and stopping once enough feasible nodes are found), PreScore, Score,
// NormalizeScore, weights, then the best node (ties broken at random). Purely in memory.
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';
import { FitError, NoNodesAvailableError, type Diagnosis } from './fit-error.js';
import type { CycleState, Plugin } from './plugin.js';
import { preemptionMessage } from './preemption-report.js';
import type { Profile } from './profile.js';
import { isRejection, statusMessage, type Status } from './status.js';

export interface ScheduleResult {
  nodeName: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

export interface SchedulingOptions {
  /** Share of nodes to find feasible before scoring; 0 picks upstream's adaptive default. */
  percentageOfNodesToScore?: number;
  /** In [0, 1); breaks ties between equally scored nodes. */
  random?: () => number;
}

/** A scheduling error that is not "no node fits" (a plugin failed). */
export class SchedulingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulingError';
  }
}

const minFeasibleNodesToFind = 100;
const minFeasibleNodesPercentageToFind = 5;
const basePercentageOfNodesToScore = 50;

/** How many feasible nodes to look for before scoring, as upstream's numFeasibleNodesToFind. */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let adaptive = percentage;
  if (adaptive <= 0) {
    adaptive = basePercentageOfNodesToScore - Math.trunc(numAllNodes / 125);
    if (adaptive < minFeasibleNodesPercentageToFind) adaptive = minFeasibleNodesPercentageToFind;
  }
  const numNodes = Math.trunc((numAllNodes * adaptive) / 100);
  return numNodes < minFeasibleNodesToFind ? minFeasibleNodesToFind : numNodes;
}

export class PodScheduler {
  private nextStartNodeIndex = 0;
  /** The plugin running now and its extension point, to name it if it throws. */
  private current?: Plugin;
  private point = '';
  private readonly random: () => number;

  constructor(
    readonly profile: Profile,
    private readonly options: SchedulingOptions = {},
  ) {
    this.random = options.random ?? Math.random;
  }

  /** Picks a node; throws FitError when none fits (NoNodesAvailableError when there are none), SchedulingError when a plugin fails. */
  schedule(state: CycleState, pod: PodInfo): ScheduleResult {
    try {
      return this.scheduleUnguarded(state, pod);
    } catch (error) {
      if (error instanceof FitError || error instanceof NoNodesAvailableError || error instanceof SchedulingError) throw error;
      const where = this.current === undefined ? 'plugins' : `${this.point} plugin "${this.current.name}"`;
      throw new SchedulingError(`running ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private scheduleUnguarded(state: CycleState, pod: PodInfo): ScheduleResult {
    this.current = undefined;
    const nodes = state.snapshot.nodes;
    if (nodes.length === 0) throw new NoNodesAvailableError();
    const diagnosis: Diagnosis = { nodeStatuses: new Map(), unschedulablePlugins: new Set() };
    const skipped = new Set<string>();
    this.point = 'PreFilter';
    for (const plugin of this.profile.preFilterPlugins) {
      this.current = plugin;
      const status = plugin.preFilter!(state, pod);
      if (status === undefined) continue;
      if (status.code === 'Skip') {
        skipped.add(plugin.name);
        continue;
      }
      if (!isRejection(status)) throw new SchedulingError(`running PreFilter plugin "${plugin.name}": ${statusMessage(status)}`);
      diagnosis.preFilterMessage = statusMessage(status);
      diagnosis.unschedulablePlugins.add(plugin.name);
      diagnosis.postFilterMessage = preemptionMessage(pod, nodes, diagnosis, status);
      throw new FitError(nodes.length, diagnosis);
    }
    const filters = this.profile.filterPlugins.filter((p) => !skipped.has(p.name));
    const feasible = this.findFeasibleNodes(state, pod, nodes, filters, diagnosis);
    if (feasible.length === 0) {
      diagnosis.postFilterMessage = preemptionMessage(pod, nodes, diagnosis);
      throw new FitError(nodes.length, diagnosis);
    }
    const evaluatedNodes = feasible.length + diagnosis.nodeStatuses.size;
    if (feasible.length === 1) return { nodeName: feasible[0].name, evaluatedNodes, feasibleNodes: 1 };
    const totals = this.prioritize(state, pod, feasible);
    return { nodeName: feasible[this.selectHost(totals)].name, evaluatedNodes, feasibleNodes: feasible.length };
  }

  private findFeasibleNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], filters: Plugin[], diagnosis: Diagnosis): NodeInfo[] {
    const wanted = numFeasibleNodesToFind(nodes.length, this.options.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    const start = this.nextStartNodeIndex % nodes.length;
    let processed = 0;
    this.point = 'Filter';
    nodes: for (; processed < nodes.length && feasible.length < wanted; processed++) {
      const node = nodes[(start + processed) % nodes.length];
      for (const plugin of filters) {
        this.current = plugin;
        const status = plugin.filter!(state, pod, node);
        if (status === undefined) continue;
        if (status.code !== 'Unschedulable' && status.code !== 'UnschedulableAndUnresolvable') {
          throw new SchedulingError(`running "${plugin.name}" filter plugin: ${statusMessage(status)}`);
        }
        diagnosis.nodeStatuses.set(node.name, status);
        diagnosis.unschedulablePlugins.add(plugin.name);
        continue nodes;
      }
      feasible.push(node);
    }
    this.nextStartNodeIndex = (start + processed) % nodes.length;
    return feasible;
  }

  private prioritize(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): number[] {
    const totals = new Array<number>(nodes.length).fill(0);
    const skipped = new Set<string>();
    this.point = 'PreScore';
    for (const plugin of this.profile.preScorePlugins) {
      this.current = plugin;
      const status = plugin.preScore!(state, pod, nodes);
      if (status === undefined) continue;
      if (status.code === 'Skip') skipped.add(plugin.name);
      else throw new SchedulingError(`running PreScore plugin "${plugin.name}": ${statusMessage(status)}`);
    }
    for (const { plugin, weight } of this.profile.scorePlugins) {
      if (skipped.has(plugin.name)) continue;
      this.point = 'Score';
      this.current = plugin;
      const scores = new Array<number>(nodes.length);
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score!(state, pod, nodes[i]);
      plugin.normalizeScore?.(state, pod, nodes, scores);
      for (let i = 0; i < nodes.length; i++) totals[i] += scores[i] * weight;
    }
    return totals;
  }

  /** The index of the highest total; ties broken uniformly at random (reservoir sampling). */
  private selectHost(totals: number[]): number {
    let selected = 0;
    let best = totals[0];
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      if (totals[i] > best) {
        best = totals[i];
        selected = i;
        ties = 1;
      } else if (totals[i] === best) {
        ties += 1;
        if (Math.floor(this.random() * ties) === 0) selected = i;
      }
    }
    return selected;
  }
}

/** Runs the filters in order and stops at the first that rejects (upstream's default). */
export function runFilters(state: CycleState, pod: PodInfo, node: NodeInfo, filters: readonly Plugin[]): Status | undefined {
  for (const plugin of filters) {
    const status = plugin.filter!(state, pod, node);
    if (status !== undefined) return { ...status, plugin: plugin.name };
  }
  return undefined;
}
