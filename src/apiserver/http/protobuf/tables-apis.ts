// Field tables of the kinds outside core/v1 that kubectl's typed commands send: apps, batch, rbac,
// scheduling, policy, authorization, authentication, networking, autoscaling v1 and v2; format in messages.ts.
export const API_TABLES: Record<string, string> = {
  Deployment: 'metadata=1:ObjectMeta spec=2:DeploymentSpec status=3:Ignored',
  DeploymentSpec:
    'replicas=1:int? selector=2:LabelSelector? template=3:PodTemplateSpec strategy=4:DeploymentStrategy minReadySeconds=5:int ' +
    'revisionHistoryLimit=6:int? paused=7:bool progressDeadlineSeconds=9:int?',
  DeploymentStrategy: 'type=1:string rollingUpdate=2:RollingUpdateDeployment?',
  RollingUpdateDeployment: 'maxUnavailable=1:IntOrString? maxSurge=2:IntOrString?',
  Job: 'metadata=1:ObjectMeta spec=2:JobSpec status=3:Ignored',
  JobSpec:
    'parallelism=1:int? completions=2:int? activeDeadlineSeconds=3:int? selector=4:LabelSelector? manualSelector=5:bool? ' +
    'template=6:PodTemplateSpec backoffLimit=7:int? ttlSecondsAfterFinished=8:int? completionMode=9:string? suspend=10:bool? ' +
    'podFailurePolicy=11:PodFailurePolicy? backoffLimitPerIndex=12:int? maxFailedIndexes=13:int? ' +
    'podReplacementPolicy=14:string? managedBy=15:string? successPolicy=16:SuccessPolicy?',
  PodFailurePolicy: 'rules=1:[]PodFailurePolicyRule',
  PodFailurePolicyRule:
    'action=1:string onExitCodes=2:PodFailurePolicyOnExitCodesRequirement? ' +
    'onPodConditions=3:[]PodFailurePolicyOnPodConditionsPattern',
  PodFailurePolicyOnExitCodesRequirement: 'containerName=1:string? operator=2:string values=3:[]int',
  PodFailurePolicyOnPodConditionsPattern: 'type=1:string status=2:string',
  SuccessPolicy: 'rules=1:[]SuccessPolicyRule',
  SuccessPolicyRule: 'succeededIndexes=1:string? succeededCount=2:int?',
  CronJob: 'metadata=1:ObjectMeta spec=2:CronJobSpec status=3:Ignored',
  CronJobSpec:
    'schedule=1:string startingDeadlineSeconds=2:int? concurrencyPolicy=3:string suspend=4:bool? ' +
    'jobTemplate=5:JobTemplateSpec successfulJobsHistoryLimit=6:int? failedJobsHistoryLimit=7:int? timeZone=8:string?',
  JobTemplateSpec: 'metadata=1:ObjectMeta spec=2:JobSpec',
  Role: 'metadata=1:ObjectMeta rules=2:[]PolicyRule',
  PolicyRule: 'verbs=1:[]string apiGroups=2:[]string resources=3:[]string resourceNames=4:[]string nonResourceURLs=5:[]string',
  ClusterRole: 'metadata=1:ObjectMeta rules=2:[]PolicyRule aggregationRule=3:AggregationRule?',
  AggregationRule: 'clusterRoleSelectors=1:[]LabelSelector',
  RoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef',
  Subject: 'kind=1:string apiGroup=2:string name=3:string namespace=4:string',
  RoleRef: 'apiGroup=1:string kind=2:string name=3:string',
  ClusterRoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef',
  PriorityClass: 'metadata=1:ObjectMeta value=2:int? globalDefault=3:bool description=4:string preemptionPolicy=5:string?',
  PodDisruptionBudget: 'metadata=1:ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:Ignored',
  PodDisruptionBudgetSpec:
    'minAvailable=1:IntOrString? selector=2:LabelSelector? maxUnavailable=3:IntOrString? unhealthyPodEvictionPolicy=4:string?',
  Eviction: 'metadata=1:ObjectMeta deleteOptions=2:DeleteOptions?',
  SelfSubjectAccessReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectAccessReviewSpec status=3:Ignored',
  SelfSubjectAccessReviewSpec: 'resourceAttributes=1:ResourceAttributes? nonResourceAttributes=2:NonResourceAttributes?',
  ResourceAttributes:
    'namespace=1:string verb=2:string group=3:string version=4:string resource=5:string subresource=6:string name=7:string ' +
    'fieldSelector=8:FieldSelectorAttributes? labelSelector=9:LabelSelectorAttributes?',
  FieldSelectorAttributes: 'rawSelector=1:string requirements=2:[]FieldSelectorRequirement',
  LabelSelectorAttributes: 'rawSelector=1:string requirements=2:[]LabelSelectorRequirement',
  NonResourceAttributes: 'path=1:string verb=2:string',
  SelfSubjectRulesReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectRulesReviewSpec status=3:Ignored',
  SelfSubjectRulesReviewSpec: 'namespace=1:string',
  SelfSubjectReview: 'metadata=1:ObjectMeta status=2:Ignored',
  TokenRequest: 'metadata=1:ObjectMeta spec=2:TokenRequestSpec status=3:Ignored',
  TokenRequestSpec: 'audiences=1:[]string boundObjectRef=3:BoundObjectReference? expirationSeconds=4:int?',
  BoundObjectReference: 'kind=1:string apiVersion=2:string name=3:string uid=4:string',
  Ingress: 'metadata=1:ObjectMeta spec=2:IngressSpec status=3:Ignored',
  IngressSpec: 'defaultBackend=1:IngressBackend? tls=2:[]IngressTLS rules=3:[]IngressRule ingressClassName=4:string?',
  IngressBackend: 'resource=3:TypedLocalObjectReference? service=4:IngressServiceBackend?',
  IngressServiceBackend: 'name=1:string port=2:ServiceBackendPort',
  ServiceBackendPort: 'name=1:string number=2:int',
  IngressTLS: 'hosts=1:[]string secretName=2:string',
  IngressRule: 'host=1:string ...ingressRuleValue=2:IngressRuleValue',
  IngressRuleValue: 'http=1:HTTPIngressRuleValue?',
  HTTPIngressRuleValue: 'paths=1:[]HTTPIngressPath',
  HTTPIngressPath: 'path=1:string backend=2:IngressBackend pathType=3:string?',
  'autoscaling.v1.HorizontalPodAutoscaler':
    'metadata=1:ObjectMeta spec=2:autoscaling.v1.HorizontalPodAutoscalerSpec status=3:Ignored',
  'autoscaling.v1.HorizontalPodAutoscalerSpec':
    'scaleTargetRef=1:autoscaling.v1.CrossVersionObjectReference minReplicas=2:int? maxReplicas=3:int? ' +
    'targetCPUUtilizationPercentage=4:int?',
  'autoscaling.v1.CrossVersionObjectReference': 'kind=1:string name=2:string apiVersion=3:string',
  'autoscaling.v2.HorizontalPodAutoscaler':
    'metadata=1:ObjectMeta spec=2:autoscaling.v2.HorizontalPodAutoscalerSpec status=3:Ignored',
  'autoscaling.v2.HorizontalPodAutoscalerSpec':
    'scaleTargetRef=1:autoscaling.v2.CrossVersionObjectReference minReplicas=2:int? maxReplicas=3:int? metrics=4:[]MetricSpec ' +
    'behavior=5:HorizontalPodAutoscalerBehavior?',
  'autoscaling.v2.CrossVersionObjectReference': 'kind=1:string name=2:string apiVersion=3:string',
  MetricSpec:
    'type=1:string object=2:ObjectMetricSource? pods=3:PodsMetricSource? resource=4:ResourceMetricSource? ' +
    'external=5:ExternalMetricSource? containerResource=7:ContainerResourceMetricSource?',
  ObjectMetricSource:
    'describedObject=1:autoscaling.v2.CrossVersionObjectReference target=2:MetricTarget metric=3:MetricIdentifier',
  MetricTarget: 'type=1:string value=2:Quantity? averageValue=3:Quantity? averageUtilization=4:int?',
  MetricIdentifier: 'name=1:string selector=2:LabelSelector?',
  PodsMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
  ResourceMetricSource: 'name=1:string target=2:MetricTarget',
  ContainerResourceMetricSource: 'name=1:string target=2:MetricTarget container=3:string',
  ExternalMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
  HorizontalPodAutoscalerBehavior: 'scaleUp=1:HPAScalingRules? scaleDown=2:HPAScalingRules?',
  HPAScalingRules: 'selectPolicy=1:string? policies=2:[]HPAScalingPolicy stabilizationWindowSeconds=3:int?',
  HPAScalingPolicy: 'type=1:string value=2:int? periodSeconds=3:int?',
};
