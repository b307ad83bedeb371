// Field tables of core/v1 kinds other than the pod spec: ConfigMap, Secret, Namespace, ServiceAccount, Pod,
// Service, ResourceQuota; format in messages.ts.
export const CORE_TABLES: Record<string, string> = {
  ConfigMap: 'metadata=1:ObjectMeta data=2:map<string> binaryData=3:map<bytes> immutable=4:bool?',
  Secret: 'metadata=1:ObjectMeta data=2:map<bytes> type=3:string stringData=4:map<string> immutable=5:bool?',
  Namespace: 'metadata=1:ObjectMeta spec=2:NamespaceSpec status=3:Ignored',
  NamespaceSpec: 'finalizers=1:[]string',
  ServiceAccount:
    'metadata=1:ObjectMeta secrets=2:[]ObjectReference imagePullSecrets=3:[]LocalObjectReference ' +
    'automountServiceAccountToken=4:bool?',
  ObjectReference:
    'kind=1:string namespace=2:string name=3:string uid=4:string apiVersion=5:string resourceVersion=6:string ' +
    'fieldPath=7:string',
  Pod: 'metadata=1:ObjectMeta spec=2:PodSpec status=3:Ignored',
  Service: 'metadata=1:ObjectMeta spec=2:ServiceSpec status=3:Ignored',
  ServiceSpec:
    'ports=1:[]ServicePort selector=2:map<string> clusterIP=3:string type=4:string externalIPs=5:[]string ' +
    'sessionAffinity=7:string loadBalancerIP=8:string loadBalancerSourceRanges=9:[]string externalName=10:string ' +
    'externalTrafficPolicy=11:string healthCheckNodePort=12:int publishNotReadyAddresses=13:bool ' +
    'sessionAffinityConfig=14:SessionAffinityConfig? ipFamilyPolicy=17:string? clusterIPs=18:[]string ipFamilies=19:[]string ' +
    'allocateLoadBalancerNodePorts=20:bool? loadBalancerClass=21:string? internalTrafficPolicy=22:string? ' +
    'trafficDistribution=23:string?',
  ServicePort: 'name=1:string protocol=2:string port=3:int? targetPort=4:IntOrString nodePort=5:int appProtocol=6:string?',
  SessionAffinityConfig: 'clientIP=1:ClientIPConfig?',
  ClientIPConfig: 'timeoutSeconds=1:int?',
  ResourceQuota: 'metadata=1:ObjectMeta spec=2:ResourceQuotaSpec status=3:Ignored',
  ResourceQuotaSpec: 'hard=1:map<Quantity> scopes=2:[]string scopeSelector=3:ScopeSelector?',
  ScopeSelector: 'matchExpressions=1:[]ScopedResourceSelectorRequirement',
  ScopedResourceSelectorRequirement: 'scopeName=1:string operator=2:string values=3:[]string',
  PodTemplateSpec: 'metadata=1:ObjectMeta spec=2:PodSpec',
};
