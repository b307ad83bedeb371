// Which printer serves which resource (by group and plural, any version).
import type { ServedResource } from '../../served-resources.js';
import { configMapPrinter, createdAtPrinter, defaultPrinter, eventPrinter, leasePrinter, namespacePrinter, nodePrinter, secretPrinter, serviceAccountPrinter } from './core.js';
import {
  endpointSlicePrinter,
  horizontalPodAutoscalerPrinter,
  ingressClassPrinter,
  networkPolicyPrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  resourceQuotaPrinter,
  roleBindingPrinter,
  runtimeClassPrinter,
  storageClassPrinter,
  webhookConfigurationPrinter,
} from './cluster-config.js';
import { customColumnsPrinter } from './custom-columns.js';
import { endpointsPrinter, ingressPrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, servicePrinter } from './network-storage.js';
import { podPrinter } from './pods.js';
import type { Printer } from './types.js';
import { cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, replicationControllerPrinter, statefulSetPrinter } from './workloads.js';

export type { Printer } from './types.js';
export { firstJsonPathValue } from './custom-columns.js';

const BUILT_IN: Record<string, Printer> = {
  '/pods': podPrinter,
  '/nodes': nodePrinter,
  '/namespaces': namespacePrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/events': eventPrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/persistentvolumeclaims': persistentVolumeClaimPrinter,
  '/persistentvolumes': persistentVolumePrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'networking.k8s.io/ingresses': ingressPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'apiextensions.k8s.io/customresourcedefinitions': createdAtPrinter,
  'rbac.authorization.k8s.io/clusterroles': createdAtPrinter,
  'rbac.authorization.k8s.io/roles': createdAtPrinter,
  'rbac.authorization.k8s.io/rolebindings': roleBindingPrinter,
  'rbac.authorization.k8s.io/clusterrolebindings': roleBindingPrinter,
  '/limitranges': createdAtPrinter,
  '/resourcequotas': resourceQuotaPrinter,
  'events.k8s.io/events': eventPrinter,
  'storage.k8s.io/storageclasses': storageClassPrinter,
  'networking.k8s.io/ingressclasses': ingressClassPrinter,
  'networking.k8s.io/networkpolicies': networkPolicyPrinter,
  'scheduling.k8s.io/priorityclasses': priorityClassPrinter,
  'autoscaling/horizontalpodautoscalers': horizontalPodAutoscalerPrinter,
  'policy/poddisruptionbudgets': podDisruptionBudgetPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': webhookConfigurationPrinter,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': webhookConfigurationPrinter,
  'node.k8s.io/runtimeclasses': runtimeClassPrinter,
};

export function printerFor(resource: ServedResource): Printer {
  if (resource.custom !== undefined) return customColumnsPrinter(resource.custom.printerColumns);
  return BUILT_IN[`${resource.info.group}/${resource.info.plural}`] ?? defaultPrinter;
}
