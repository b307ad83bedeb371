// Field tables of core/v1 PodSpec and everything in it but volumes: containers, env, probes, lifecycle,
// security contexts, affinity, tolerations, topology spread; format in messages.ts.
export const POD_TABLES: Record<string, string> = {
  PodSpec:
    'volumes=1:[]Volume containers=2:[]Container restartPolicy=3:string terminationGracePeriodSeconds=4:int? ' +
    'activeDeadlineSeconds=5:int? dnsPolicy=6:string nodeSelector=7:map<string> serviceAccountName=8:string ' +
    'serviceAccount=9:string nodeName=10:string hostNetwork=11:bool hostPID=12:bool hostIPC=13:bool ' +
    'securityContext=14:PodSecurityContext? imagePullSecrets=15:[]LocalObjectReference hostname=16:string subdomain=17:string ' +
    'affinity=18:Affinity? schedulerName=19:string initContainers=20:[]Container automountServiceAccountToken=21:bool? ' +
    'tolerations=22:[]Toleration hostAliases=23:[]HostAlias priorityClassName=24:string priority=25:int? ' +
    'dnsConfig=26:PodDNSConfig? shareProcessNamespace=27:bool? readinessGates=28:[]PodReadinessGate ' +
    'runtimeClassName=29:string? enableServiceLinks=30:bool? preemptionPolicy=31:string? overhead=32:map<Quantity> ' +
    'topologySpreadConstraints=33:[]TopologySpreadConstraint ephemeralContainers=34:[]EphemeralContainer ' +
    'setHostnameAsFQDN=35:bool? os=36:PodOS? hostUsers=37:bool? schedulingGates=38:[]PodSchedulingGate ' +
    'resourceClaims=39:[]PodResourceClaim resources=40:ResourceRequirements?',
  Container:
    'name=1:string image=2:string command=3:[]string args=4:[]string workingDir=5:string ports=6:[]ContainerPort ' +
    'env=7:[]EnvVar resources=8:ResourceRequirements volumeMounts=9:[]VolumeMount livenessProbe=10:Probe? ' +
    'readinessProbe=11:Probe? lifecycle=12:Lifecycle? terminationMessagePath=13:string imagePullPolicy=14:string ' +
    'securityContext=15:SecurityContext? stdin=16:bool stdinOnce=17:bool tty=18:bool envFrom=19:[]EnvFromSource ' +
    'terminationMessagePolicy=20:string volumeDevices=21:[]VolumeDevice startupProbe=22:Probe? ' +
    'resizePolicy=23:[]ContainerResizePolicy restartPolicy=24:string?',
  PodSecurityContext:
    'seLinuxOptions=1:SELinuxOptions? runAsUser=2:int? runAsNonRoot=3:bool? supplementalGroups=4:[]int fsGroup=5:int? ' +
    'runAsGroup=6:int? sysctls=7:[]Sysctl windowsOptions=8:WindowsSecurityContextOptions? fsGroupChangePolicy=9:string? ' +
    'seccompProfile=10:SeccompProfile? appArmorProfile=11:AppArmorProfile? supplementalGroupsPolicy=12:string? ' +
    'seLinuxChangePolicy=13:string?',
  LocalObjectReference: 'name=1:string',
  Affinity: 'nodeAffinity=1:NodeAffinity? podAffinity=2:PodAffinity? podAntiAffinity=3:PodAntiAffinity?',
  Toleration: 'key=1:string operator=2:string value=3:string effect=4:string tolerationSeconds=5:int?',
  HostAlias: 'ip=1:string hostnames=2:[]string',
  PodDNSConfig: 'nameservers=1:[]string searches=2:[]string options=3:[]PodDNSConfigOption',
  PodReadinessGate: 'conditionType=1:string',
  TopologySpreadConstraint:
    'maxSkew=1:int? topologyKey=2:string whenUnsatisfiable=3:string labelSelector=4:LabelSelector? minDomains=5:int? ' +
    'nodeAffinityPolicy=6:string? nodeTaintsPolicy=7:string? matchLabelKeys=8:[]string',
  EphemeralContainer: '...ephemeralContainerCommon=1:EphemeralContainerCommon targetContainerName=2:string',
  PodOS: 'name=1:string',
  PodSchedulingGate: 'name=1:string',
  PodResourceClaim: 'name=1:string resourceClaimName=3:string? resourceClaimTemplateName=4:string?',
  ResourceRequirements: 'limits=1:map<Quantity> requests=2:map<Quantity> claims=3:[]ResourceClaim',
  ContainerPort: 'name=1:string hostPort=2:int containerPort=3:int? protocol=4:string hostIP=5:string',
  EnvVar: 'name=1:string value=2:string valueFrom=3:EnvVarSource?',
  VolumeMount:
    'name=1:string readOnly=2:bool mountPath=3:string subPath=4:string mountPropagation=5:string? subPathExpr=6:string ' +
    'recursiveReadOnly=7:string?',
  Probe:
    '...handler=1:ProbeHandler initialDelaySeconds=2:int timeoutSeconds=3:int periodSeconds=4:int successThreshold=5:int ' +
    'failureThreshold=6:int terminationGracePeriodSeconds=7:int?',
  Lifecycle: 'postStart=1:LifecycleHandler? preStop=2:LifecycleHandler?',
  SecurityContext:
    'capabilities=1:Capabilities? privileged=2:bool? seLinuxOptions=3:SELinuxOptions? runAsUser=4:int? runAsNonRoot=5:bool? ' +
    'readOnlyRootFilesystem=6:bool? allowPrivilegeEscalation=7:bool? runAsGroup=8:int? procMount=9:string? ' +
    'windowsOptions=10:WindowsSecurityContextOptions? seccompProfile=11:SeccompProfile? appArmorProfile=12:AppArmorProfile?',
  EnvFromSource: 'prefix=1:string configMapRef=2:ConfigMapEnvSource? secretRef=3:SecretEnvSource?',
  VolumeDevice: 'name=1:string devicePath=2:string',
  ContainerResizePolicy: 'resourceName=1:string restartPolicy=2:string',
  SELinuxOptions: 'user=1:string role=2:string type=3:string level=4:string',
  Sysctl: 'name=1:string value=2:string',
  WindowsSecurityContextOptions:
    'gmsaCredentialSpecName=1:string? gmsaCredentialSpec=2:string? runAsUserName=3:string? hostProcess=4:bool?',
  SeccompProfile: 'type=1:string localhostProfile=2:string?',
  AppArmorProfile: 'type=1:string localhostProfile=2:string?',
  NodeAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:NodeSelector? ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[]PreferredSchedulingTerm',
  PodAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[]PodAffinityTerm ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[]WeightedPodAffinityTerm',
  PodAntiAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[]PodAffinityTerm ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[]WeightedPodAffinityTerm',
  PodDNSConfigOption: 'name=1:string value=2:string?',
  EphemeralContainerCommon:
    'name=1:string image=2:string command=3:[]string args=4:[]string workingDir=5:string ports=6:[]ContainerPort ' +
    'env=7:[]EnvVar resources=8:ResourceRequirements volumeMounts=9:[]VolumeMount livenessProbe=10:Probe? ' +
    'readinessProbe=11:Probe? lifecycle=12:Lifecycle? terminationMessagePath=13:string imagePullPolicy=14:string ' +
    'securityContext=15:SecurityContext? stdin=16:bool stdinOnce=17:bool tty=18:bool envFrom=19:[]EnvFromSource ' +
    'terminationMessagePolicy=20:string volumeDevices=21:[]VolumeDevice startupProbe=22:Probe? ' +
    'resizePolicy=23:[]ContainerResizePolicy restartPolicy=24:string?',
  ResourceClaim: 'name=1:string request=2:string',
  EnvVarSource:
    'fieldRef=1:ObjectFieldSelector? resourceFieldRef=2:ResourceFieldSelector? configMapKeyRef=3:ConfigMapKeySelector? ' +
    'secretKeyRef=4:SecretKeySelector?',
  ProbeHandler: 'exec=1:ExecAction? httpGet=2:HTTPGetAction? tcpSocket=3:TCPSocketAction? grpc=4:GRPCAction?',
  LifecycleHandler: 'exec=1:ExecAction? httpGet=2:HTTPGetAction? tcpSocket=3:TCPSocketAction? sleep=4:SleepAction?',
  Capabilities: 'add=1:[]string drop=2:[]string',
  ConfigMapEnvSource: '...localObjectReference=1:LocalObjectReference optional=2:bool?',
  SecretEnvSource: '...localObjectReference=1:LocalObjectReference optional=2:bool?',
  NodeSelector: 'nodeSelectorTerms=1:[]NodeSelectorTerm',
  PreferredSchedulingTerm: 'weight=1:int? preference=2:NodeSelectorTerm',
  PodAffinityTerm:
    'labelSelector=1:LabelSelector? namespaces=2:[]string topologyKey=3:string namespaceSelector=4:LabelSelector? ' +
    'matchLabelKeys=5:[]string mismatchLabelKeys=6:[]string',
  WeightedPodAffinityTerm: 'weight=1:int? podAffinityTerm=2:PodAffinityTerm',
  ObjectFieldSelector: 'apiVersion=1:string fieldPath=2:string',
  ResourceFieldSelector: 'containerName=1:string resource=2:string divisor=3:Quantity',
  ConfigMapKeySelector: '...localObjectReference=1:LocalObjectReference key=2:string optional=3:bool?',
  SecretKeySelector: '...localObjectReference=1:LocalObjectReference key=2:string optional=3:bool?',
  ExecAction: 'command=1:[]string',
  HTTPGetAction: 'path=1:string port=2:IntOrString host=3:string scheme=4:string httpHeaders=5:[]HTTPHeader',
  TCPSocketAction: 'port=1:IntOrString host=2:string',
  GRPCAction: 'port=1:int? service=2:string?',
  SleepAction: 'seconds=1:int?',
  NodeSelectorTerm: 'matchExpressions=1:[]NodeSelectorRequirement matchFields=2:[]NodeSelectorRequirement',
  HTTPHeader: 'name=1:string value=2:string',
  NodeSelectorRequirement: 'key=1:string operator=2:string values=3:[]string',
};
