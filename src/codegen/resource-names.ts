// Short names and categories of built-in resources. The OpenAPI documents do not carry them (they
// come from each resource's REST storage upstream: ShortNames() and Categories()), so they are kept
// here, keyed by "group/plural" and applied to every version of that resource. Values are those of
// Kubernetes v1.32.

interface ResourceNames {
  shortNames?: string[];
  categories?: string[];
}

const ALL = ['all'];
const API_EXTENSIONS = ['api-extensions'];

export const RESOURCE_NAMES: Record<string, ResourceNames> = {
  // core ("" group)
  '/componentstatuses': { shortNames: ['cs'] },
  '/configmaps': { shortNames: ['cm'] },
  '/endpoints': { shortNames: ['ep'] },
  '/events': { shortNames: ['ev'] },
  '/limitranges': { shortNames: ['limits'] },
  '/namespaces': { shortNames: ['ns'] },
  '/nodes': { shortNames: ['no'] },
  '/persistentvolumeclaims': { shortNames: ['pvc'] },
  '/persistentvolumes': { shortNames: ['pv'] },
  '/pods': { shortNames: ['po'], categories: ALL },
  '/replicationcontrollers': { shortNames: ['rc'], categories: ALL },
  '/resourcequotas': { shortNames: ['quota'] },
  '/serviceaccounts': { shortNames: ['sa'] },
  '/services': { shortNames: ['svc'], categories: ALL },
  // workloads
  'apps/daemonsets': { shortNames: ['ds'], categories: ALL },
  'apps/deployments': { shortNames: ['deploy'], categories: ALL },
  'apps/replicasets': { shortNames: ['rs'], categories: ALL },
  'apps/statefulsets': { shortNames: ['sts'], categories: ALL },
  'autoscaling/horizontalpodautoscalers': { shortNames: ['hpa'], categories: ALL },
  'batch/cronjobs': { shortNames: ['cj'], categories: ALL },
  'batch/jobs': { categories: ALL },
  // everything else with a short name or category
  'admissionregistration.k8s.io/mutatingadmissionpolicies': { categories: API_EXTENSIONS },
  'admissionregistration.k8s.io/mutatingadmissionpolicybindings': { categories: API_EXTENSIONS },
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': { categories: API_EXTENSIONS },
  'admissionregistration.k8s.io/validatingadmissionpolicies': { categories: API_EXTENSIONS },
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': { categories: API_EXTENSIONS },
  'admissionregistration.k8s.io/validatingwebhookconfigurations': { categories: API_EXTENSIONS },
  'apiextensions.k8s.io/customresourcedefinitions': { shortNames: ['crd', 'crds'], categories: API_EXTENSIONS },
  'apiregistration.k8s.io/apiservices': { categories: API_EXTENSIONS },
  'certificates.k8s.io/certificatesigningrequests': { shortNames: ['csr'] },
  'events.k8s.io/events': { shortNames: ['ev'] },
  'networking.k8s.io/ingresses': { shortNames: ['ing'] },
  'networking.k8s.io/networkpolicies': { shortNames: ['netpol'] },
  'policy/poddisruptionbudgets': { shortNames: ['pdb'] },
  'scheduling.k8s.io/priorityclasses': { shortNames: ['pc'] },
  'storage.k8s.io/storageclasses': { shortNames: ['sc'] },
  'storage.k8s.io/volumeattributesclasses': { shortNames: ['vac'] },
};

export function namesOf(group: string, plural: string): { shortNames: string[]; categories: string[] } {
  const names = RESOURCE_NAMES[`${group}/${plural}`];
  return { shortNames: [...(names?.shortNames ?? [])], categories: [...(names?.categories ?? [])] };
}
