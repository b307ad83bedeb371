// Defaults of a PodSpec as upstream's core/v1 defaulters apply them (SetDefaults_PodSpec, _Container,
// _Probe, _Volume, ...), so `kubectl get pod -o yaml` shows what a real cluster shows.
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function setDefault(target: Json, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null || target[key] === '') target[key] = value;
}

const defaultFileMode = 0o644;

/** Always for `:latest` or no tag (and no digest), IfNotPresent otherwise, as SetDefaults_Container. */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const lastColon = image.lastIndexOf(':');
  const tag = lastColon > lastSlash ? image.slice(lastColon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(handler: unknown): void {
  if (!isObject(handler)) return;
  const httpGet = handler.httpGet;
  if (isObject(httpGet)) {
    setDefault(httpGet, 'path', '/');
    setDefault(httpGet, 'scheme', 'HTTP');
  }
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
}

function defaultFieldRef(holder: unknown): void {
  if (isObject(holder) && isObject(holder.fieldRef)) setDefault(holder.fieldRef, 'apiVersion', 'v1');
}

function defaultContainer(container: Json, hostNetwork: boolean): void {
  if (typeof container.image === 'string') setDefault(container, 'imagePullPolicy', defaultImagePullPolicy(container.image));
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  if (!isObject(container.resources)) container.resources = {};
  const resources = container.resources as Json;
  if (isObject(resources.limits)) {
    // Requests default to limits for every resource with a limit but no request (SetDefaults_Pod).
    const requests: Json = isObject(resources.requests) ? resources.requests : {};
    for (const [name, limit] of Object.entries(resources.limits)) if (requests[name] === undefined) requests[name] = limit;
    if (Object.keys(requests).length > 0) resources.requests = requests;
  }
  for (const port of objects(container.ports)) {
    setDefault(port, 'protocol', 'TCP');
    if (hostNetwork && port.hostPort === undefined && port.containerPort !== undefined) port.hostPort = port.containerPort;
  }
  for (const env of objects(container.env)) defaultFieldRef(env.valueFrom);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(container[probe]);
  if (isObject(container.lifecycle)) {
    defaultHttpGet(container.lifecycle.postStart);
    defaultHttpGet(container.lifecycle.preStop);
  }
}

const volumeSources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function defaultVolume(volume: Json): void {
  if (!volumeSources.some((source) => volume[source] !== undefined && volume[source] !== null)) volume.emptyDir = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (isObject(volume[source])) setDefault(volume[source] as Json, 'defaultMode', defaultFileMode);
  }
  if (isObject(volume.hostPath)) setDefault(volume.hostPath, 'type', '');
  if (isObject(volume.downwardAPI)) for (const item of objects(volume.downwardAPI.items)) defaultFieldRef(item);
  if (isObject(volume.projected)) {
    for (const source of objects(volume.projected.sources)) {
      if (isObject(source.downwardAPI)) for (const item of objects(source.downwardAPI.items)) defaultFieldRef(item);
      if (isObject(source.serviceAccountToken)) setDefault(source.serviceAccountToken, 'expirationSeconds', 3600);
    }
  }
}

/** Applies PodSpec defaults in place. */
export function defaultPodSpec(spec: Json): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (!isObject(spec.securityContext)) spec.securityContext = {};
  const hostNetwork = spec.hostNetwork === true;
  for (const list of ['initContainers', 'containers']) for (const container of objects(spec[list])) defaultContainer(container, hostNetwork);
  for (const container of objects(spec.ephemeralContainers)) {
    setDefault(container, 'terminationMessagePath', '/dev/termination-log');
    setDefault(container, 'terminationMessagePolicy', 'File');
    if (typeof container.image === 'string') setDefault(container, 'imagePullPolicy', defaultImagePullPolicy(container.image));
  }
  for (const volume of objects(spec.volumes)) defaultVolume(volume);
}

/** Applies defaults to a PodTemplateSpec (`template` of workloads) in place. */
export function defaultPodTemplate(template: unknown): void {
  if (!isObject(template)) return;
  if (isObject(template.spec)) defaultPodSpec(template.spec);
}
