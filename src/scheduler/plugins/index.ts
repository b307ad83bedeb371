// The in-tree plugins and the default profile (upstream's order and score weights).
import { Profile } from '../framework/profile.js';
import { balancedAllocation } from './balanced-allocation.js';
import { defaultBinder, type BindFunction } from './default-binder.js';
import { interPodAffinity } from './inter-pod-affinity.js';
import { nodeAffinity } from './node-affinity.js';
import { nodeName } from './node-name.js';
import { nodePorts } from './node-ports.js';
import { nodeResourcesFit } from './node-resources-fit.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { podTopologySpread } from './pod-topology-spread.js';
import { taintToleration } from './taint-toleration.js';

export const defaultSchedulerName = 'default-scheduler';

export function defaultProfile(bind: BindFunction, schedulerName = defaultSchedulerName): Profile {
  return new Profile(schedulerName, [
    { plugin: nodeUnschedulable() },
    { plugin: nodeName() },
    { plugin: taintToleration(), weight: 3 },
    { plugin: nodeAffinity(), weight: 2 },
    { plugin: nodePorts() },
    { plugin: nodeResourcesFit(), weight: 1 },
    { plugin: podTopologySpread(), weight: 2 },
    { plugin: interPodAffinity(), weight: 2 },
    { plugin: balancedAllocation(), weight: 1 },
    { plugin: defaultBinder(bind) },
  ]);
}

export { balancedAllocation } from './balanced-allocation.js';
export { defaultBinder, type BindFunction } from './default-binder.js';
export { interPodAffinity } from './inter-pod-affinity.js';
export { nodeAffinity } from './node-affinity.js';
export { nodeName } from './node-name.js';
export { nodePorts } from './node-ports.js';
export { nodeResourcesFit } from './node-resources-fit.js';
export { nodeUnschedulable } from './node-unschedulable.js';
export { podTopologySpread } from './pod-topology-spread.js';
export { taintToleration } from './taint-toleration.js';
