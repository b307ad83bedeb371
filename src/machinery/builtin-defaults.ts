// Defaults of the common built-in kinds, as upstream's registered defaulters (and, where noted, the
// registry strategies) set them; what `kubectl get -o yaml` shows on a real cluster for objects created
// with only the required fields.
import { defaultPodSpec, defaultPodTemplate } from './pod-defaults.js';
import { cloneJson } from './json-clone.js';

type Json = Record<string, unknown>;

export interface BuiltinKind {
  /** API group, '' for core. */
  group: string;
  kind: string;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function setDefault(target: Json, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null || target[key] === '') target[key] = value;
}

function child(target: Json, key: string): Json {
  if (!isObject(target[key])) target[key] = {};
  return target[key] as Json;
}

function defaultDeployment(spec: Json): void {
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = child(strategy, 'rollingUpdate');
    setDefault(rollingUpdate, 'maxUnavailable', '25%');
    setDefault(rollingUpdate, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec.template);
}

function defaultStatefulSet(spec: Json): void {
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(child(strategy, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  for (const claim of objects(spec.volumeClaimTemplates)) {
    if (isObject(claim.spec)) setDefault(claim.spec, 'volumeMode', 'Filesystem');
    setDefault(child(claim, 'status'), 'phase', 'Pending');
  }
  defaultPodTemplate(spec.template);
}

function defaultDaemonSet(spec: Json): void {
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = child(strategy, 'rollingUpdate');
    setDefault(rollingUpdate, 'maxUnavailable', 1);
    setDefault(rollingUpdate, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec.template);
}

function defaultJob(spec: Json): void {
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  if (spec.suspend == null) spec.suspend = false;
  if (spec.podFailurePolicy === undefined) setDefault(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  else setDefault(spec, 'podReplacementPolicy', 'Failed');
  defaultPodTemplate(spec.template);
}

function defaultCronJob(spec: Json): void {
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  if (spec.suspend == null) spec.suspend = false;
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = spec.jobTemplate;
  if (isObject(jobTemplate) && isObject(jobTemplate.spec)) defaultPodTemplate(jobTemplate.spec.template);
}

function defaultService(obj: Json): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = child(child(spec, 'sessionAffinityConfig'), 'clientIP');
    setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  for (const port of objects(spec.ports)) {
    setDefault(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (spec.type !== 'ExternalName') {
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    const headlessWithoutSelector = spec.clusterIP === 'None' && !isObject(spec.selector);
    setDefault(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts == null) spec.allocateLoadBalancerNodePorts = true;
  const status = child(obj, 'status');
  if (!isObject(status.loadBalancer)) status.loadBalancer = {};
}

function defaultNamespace(obj: Json): void {
  const metadata = child(obj, 'metadata');
  if (typeof metadata.name === 'string' && metadata.name !== '') {
    child(metadata, 'labels')['kubernetes.io/metadata.name'] = metadata.name;
  }
  const spec = child(obj, 'spec');
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
  setDefault(child(obj, 'status'), 'phase', 'Active');
}

function defaultReplicationController(obj: Json): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const template = spec.template;
  const templateLabels = isObject(template) && isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : undefined;
  if (templateLabels !== undefined) {
    if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...templateLabels };
    const metadata = child(obj, 'metadata');
    if (!isObject(metadata.labels) || Object.keys(metadata.labels).length === 0) metadata.labels = { ...templateLabels };
  }
  defaultPodTemplate(template);
}

function defaultNetworkPolicy(spec: Json): void {
  for (const rule of [...objects(spec.ingress), ...objects(spec.egress)]) for (const port of objects(rule.ports)) setDefault(port, 'protocol', 'TCP');
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

function defaultSubjects(obj: Json): void {
  for (const subject of objects(obj.subjects)) {
    // ServiceAccount subjects keep the empty group, which JSON omits.
    if ((subject.apiGroup === undefined || subject.apiGroup === '') && (subject.kind === 'User' || subject.kind === 'Group')) {
      subject.apiGroup = 'rbac.authorization.k8s.io';
    }
  }
}

type Defaulter = (obj: Json) => void;

const defaulters: Record<string, Defaulter> = {
  '/Pod': (obj) => defaultPodSpec(child(obj, 'spec')),
  '/PodTemplate': (obj) => defaultPodTemplate(obj.template),
  '/ReplicationController': defaultReplicationController,
  '/Service': defaultService,
  '/Namespace': defaultNamespace,
  '/Secret': (obj) => setDefault(obj, 'type', 'Opaque'),
  '/PersistentVolumeClaim': (obj) => {
    setDefault(child(obj, 'spec'), 'volumeMode', 'Filesystem');
    setDefault(child(obj, 'status'), 'phase', 'Pending');
  },
  '/PersistentVolume': (obj) => {
    const spec = child(obj, 'spec');
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    setDefault(child(obj, 'status'), 'phase', 'Pending');
  },
  '/Endpoints': (obj) => {
    for (const subset of objects(obj.subsets)) for (const port of objects(subset.ports)) setDefault(port, 'protocol', 'TCP');
  },
  'apps/Deployment': (obj) => defaultDeployment(child(obj, 'spec')),
  'apps/ReplicaSet': (obj) => {
    const spec = child(obj, 'spec');
    setDefault(spec, 'replicas', 1);
    defaultPodTemplate(spec.template);
  },
  'apps/StatefulSet': (obj) => defaultStatefulSet(child(obj, 'spec')),
  'apps/DaemonSet': (obj) => defaultDaemonSet(child(obj, 'spec')),
  'batch/Job': (obj) => defaultJob(child(obj, 'spec')),
  'batch/CronJob': (obj) => defaultCronJob(child(obj, 'spec')),
  'networking.k8s.io/NetworkPolicy': (obj) => defaultNetworkPolicy(child(obj, 'spec')),
  'rbac.authorization.k8s.io/RoleBinding': defaultSubjects,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultSubjects,
  'scheduling.k8s.io/PriorityClass': (obj) => setDefault(obj, 'preemptionPolicy', 'PreemptLowerPriority'),
  'autoscaling/HorizontalPodAutoscaler': (obj) => setDefault(child(obj, 'spec'), 'minReplicas', 1),
  'storage.k8s.io/StorageClass': (obj) => {
    setDefault(obj, 'reclaimPolicy', 'Delete');
    setDefault(obj, 'volumeBindingMode', 'Immediate');
  },
  'discovery.k8s.io/EndpointSlice': (obj) => {
    for (const port of objects(obj.ports)) {
      if (port.name === undefined || port.name === null) port.name = '';
      setDefault(port, 'protocol', 'TCP');
    }
  },
};

/** Whether `applyBuiltinDefaults` knows defaults for this kind. */
export function hasBuiltinDefaults(kind: BuiltinKind): boolean {
  return defaulters[`${kind.group}/${kind.kind}`] !== undefined;
}

/** Returns a copy of `obj` with upstream's defaults for its kind (unknown kinds come back unchanged). */
export function applyBuiltinDefaults<T>(kind: BuiltinKind, obj: T): T {
  const defaulter = defaulters[`${kind.group}/${kind.kind}`];
  if (defaulter === undefined || !isObject(obj)) return obj;
  const copy = cloneJson(obj) as Json;
  defaulter(copy);
  return copy as T;
}
