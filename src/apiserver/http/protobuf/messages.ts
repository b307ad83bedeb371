// The Kubernetes protobuf messages kubectl's typed commands send (create configmap/secret/namespace/
// serviceaccount/deployment/job/cronjob/service/role/rolebinding/clusterrole/clusterrolebinding/
// priorityclass/quota/poddisruptionbudget), as field tables: `jsonName=number:type`.
// Types: string, int, bool, bytes, Time, Quantity, IntOrString, FieldsV1, a message name,
// `[]T` for repeated, `map<T>` for map<string,T>. A trailing `?` marks a pointer field in Go,
// whose zero value is meaningful (kept); other zero values are dropped as JSON's omitempty would.
// `Ignored` fields (status on writes that reset it) are skipped.
const TABLES: Record<string, string> = {
  ObjectMeta:
    'name=1:string generateName=2:string namespace=3:string selfLink=4:string uid=5:string resourceVersion=6:string generation=7:int ' +
    'creationTimestamp=8:Time deletionTimestamp=9:Time deletionGracePeriodSeconds=10:int? labels=11:map<string> annotations=12:map<string> ' +
    'ownerReferences=13:[]OwnerReference finalizers=14:[]string managedFields=17:[]ManagedFieldsEntry',
  OwnerReference: 'kind=1:string name=3:string uid=4:string apiVersion=5:string controller=6:bool? blockOwnerDeletion=7:bool?',
  ManagedFieldsEntry: 'manager=1:string operation=2:string apiVersion=3:string time=4:Time fieldsType=6:string fieldsV1=7:FieldsV1 subresource=8:string',
  LabelSelector: 'matchLabels=1:map<string> matchExpressions=2:[]LabelSelectorRequirement',
  LabelSelectorRequirement: 'key=1:string operator=2:string values=3:[]string',
  ObjectReference: 'kind=1:string namespace=2:string name=3:string uid=4:string apiVersion=5:string resourceVersion=6:string fieldPath=7:string',
  LocalObjectReference: 'name=1:string',

  ConfigMap: 'metadata=1:ObjectMeta data=2:map<string> binaryData=3:map<bytes> immutable=4:bool?',
  Secret: 'metadata=1:ObjectMeta data=2:map<bytes> type=3:string stringData=4:map<string> immutable=5:bool?',
  Namespace: 'metadata=1:ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus',
  NamespaceSpec: 'finalizers=1:[]string',
  NamespaceStatus: 'phase=1:string',
  ServiceAccount: 'metadata=1:ObjectMeta secrets=2:[]ObjectReference imagePullSecrets=3:[]LocalObjectReference automountServiceAccountToken=4:bool?',
  Pod: 'metadata=1:ObjectMeta spec=2:PodSpec status=3:Ignored',
  PodTemplateSpec: 'metadata=1:ObjectMeta spec=2:PodSpec',
  PodSpec:
    'containers=2:[]Container restartPolicy=3:string terminationGracePeriodSeconds=4:int? activeDeadlineSeconds=5:int? dnsPolicy=6:string ' +
    'nodeSelector=7:map<string> serviceAccountName=8:string serviceAccount=9:string nodeName=10:string hostNetwork=11:bool hostPID=12:bool ' +
    'hostIPC=13:bool imagePullSecrets=15:[]LocalObjectReference hostname=16:string subdomain=17:string schedulerName=19:string ' +
    'initContainers=20:[]Container automountServiceAccountToken=21:bool? priorityClassName=24:string priority=25:int? enableServiceLinks=30:bool?',
  Container:
    'name=1:string image=2:string command=3:[]string args=4:[]string workingDir=5:string ports=6:[]ContainerPort env=7:[]EnvVar ' +
    'resources=8:ResourceRequirements terminationMessagePath=13:string imagePullPolicy=14:string stdin=16:bool stdinOnce=17:bool tty=18:bool ' +
    'terminationMessagePolicy=20:string',
  ContainerPort: 'name=1:string hostPort=2:int containerPort=3:int protocol=4:string hostIP=5:string',
  EnvVar: 'name=1:string value=2:string',
  ResourceRequirements: 'limits=1:map<Quantity> requests=2:map<Quantity>',
  Service: 'metadata=1:ObjectMeta spec=2:ServiceSpec status=3:Ignored',
  ServiceSpec: 'ports=1:[]ServicePort selector=2:map<string> clusterIP=3:string type=4:string externalIPs=5:[]string sessionAffinity=7:string externalName=10:string healthCheckNodePort=12:int publishNotReadyAddresses=13:bool',
  ServicePort: 'name=1:string protocol=2:string port=3:int targetPort=4:IntOrString nodePort=5:int',

  Deployment: 'metadata=1:ObjectMeta spec=2:DeploymentSpec status=3:Ignored',
  DeploymentSpec:
    'replicas=1:int? selector=2:LabelSelector template=3:PodTemplateSpec strategy=4:DeploymentStrategy minReadySeconds=5:int ' +
    'revisionHistoryLimit=6:int? paused=7:bool progressDeadlineSeconds=9:int?',
  DeploymentStrategy: 'type=1:string rollingUpdate=2:RollingUpdateDeployment',
  RollingUpdateDeployment: 'maxUnavailable=1:IntOrString maxSurge=2:IntOrString',
  Job: 'metadata=1:ObjectMeta spec=2:JobSpec status=3:Ignored',
  JobSpec:
    'parallelism=1:int? completions=2:int? activeDeadlineSeconds=3:int? selector=4:LabelSelector manualSelector=5:bool? template=6:PodTemplateSpec ' +
    'backoffLimit=7:int? ttlSecondsAfterFinished=8:int? completionMode=9:string? suspend=10:bool?',
  CronJob: 'metadata=1:ObjectMeta spec=2:CronJobSpec status=3:Ignored',
  CronJobSpec:
    'schedule=1:string startingDeadlineSeconds=2:int? concurrencyPolicy=3:string suspend=4:bool? jobTemplate=5:JobTemplateSpec ' +
    'successfulJobsHistoryLimit=6:int? failedJobsHistoryLimit=7:int? timeZone=8:string?',
  JobTemplateSpec: 'metadata=1:ObjectMeta spec=2:JobSpec',

  Role: 'metadata=1:ObjectMeta rules=2:[]PolicyRule',
  ClusterRole: 'metadata=1:ObjectMeta rules=2:[]PolicyRule aggregationRule=3:AggregationRule',
  AggregationRule: 'clusterRoleSelectors=1:[]LabelSelector',
  PolicyRule: 'verbs=1:[]string apiGroups=2:[]string resources=3:[]string resourceNames=4:[]string nonResourceURLs=5:[]string',
  RoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef',
  ClusterRoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef',
  Subject: 'kind=1:string apiGroup=2:string name=3:string namespace=4:string',
  RoleRef: 'apiGroup=1:string kind=2:string name=3:string',
  PriorityClass: 'metadata=1:ObjectMeta value=2:int globalDefault=3:bool description=4:string preemptionPolicy=5:string?',
  ResourceQuota: 'metadata=1:ObjectMeta spec=2:ResourceQuotaSpec status=3:Ignored',
  ResourceQuotaSpec: 'hard=1:map<Quantity> scopes=2:[]string',
  SelfSubjectAccessReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectAccessReviewSpec status=3:Ignored',
  SelfSubjectAccessReviewSpec: 'resourceAttributes=1:ResourceAttributes nonResourceAttributes=2:NonResourceAttributes',
  ResourceAttributes: 'namespace=1:string verb=2:string group=3:string version=4:string resource=5:string subresource=6:string name=7:string',
  NonResourceAttributes: 'path=1:string verb=2:string',
  SelfSubjectRulesReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectRulesReviewSpec status=3:Ignored',
  SelfSubjectRulesReviewSpec: 'namespace=1:string',
  SelfSubjectReview: 'metadata=1:ObjectMeta status=2:Ignored',
  Eviction: 'metadata=1:ObjectMeta deleteOptions=2:DeleteOptions',
  DeleteOptions: 'gracePeriodSeconds=1:int? preconditions=2:Preconditions orphanDependents=3:bool? propagationPolicy=4:string? dryRun=5:[]string',
  Preconditions: 'uid=1:string? resourceVersion=2:string?',
  PodDisruptionBudget: 'metadata=1:ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:Ignored',
  PodDisruptionBudgetSpec: 'minAvailable=1:IntOrString selector=2:LabelSelector maxUnavailable=3:IntOrString unhealthyPodEvictionPolicy=4:string?',
};

/** Root message of each kind (apiVersion/kind as the envelope names them). */
export const ROOT_MESSAGES: Record<string, string> = {
  'v1/ConfigMap': 'ConfigMap', 'v1/Secret': 'Secret', 'v1/Namespace': 'Namespace', 'v1/ServiceAccount': 'ServiceAccount',
  'v1/Pod': 'Pod', 'v1/Service': 'Service', 'apps/v1/Deployment': 'Deployment', 'batch/v1/Job': 'Job', 'batch/v1/CronJob': 'CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'Role', 'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass', 'v1/ResourceQuota': 'ResourceQuota', 'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'policy/v1/Eviction': 'Eviction',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview', 'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview', 'v1/DeleteOptions': 'DeleteOptions', 'meta.k8s.io/v1/DeleteOptions': 'DeleteOptions',
};

export interface FieldSpec {
  name: string;
  type: string;
  repeated: boolean;
  map: boolean;
  keepZero: boolean;
}

const parsed = new Map<string, Map<number, FieldSpec>>();

export function messageFields(message: string): Map<number, FieldSpec> | undefined {
  const cached = parsed.get(message);
  if (cached !== undefined) return cached;
  const table = TABLES[message];
  if (table === undefined) return undefined;
  const fields = new Map<number, FieldSpec>();
  for (const entry of table.split(/\s+/).filter((e) => e !== '')) {
    const match = /^(\w+)=(\d+):(\[\])?(map<)?(\w+)>?(\?)?$/.exec(entry);
    if (match === null) throw new Error(`bad protobuf table entry ${entry} in ${message}`);
    fields.set(Number(match[2]), { name: match[1], type: match[5], repeated: match[3] !== undefined, map: match[4] !== undefined, keepZero: match[6] !== undefined });
  }
  parsed.set(message, fields);
  return fields;
}
