// The Kubernetes protobuf messages kubectl's typed commands send, as field tables `jsonName=number:type`
// (tables-*.ts). Field numbers and pointer-ness are upstream's wire facts (k8s.io/api generated.proto, as
// compiled into kubectl 1.32); the names are the JSON names the server works with.
// Types: string, int, bool, bytes, Time, Quantity, IntOrString, FieldsV1, a message name (messages outside
// core/v1 and meta/v1 whose short names collide are qualified: `autoscaling.v2.HorizontalPodAutoscalerSpec`),
// `[]T` for repeated, `map<T>` for map<string,T>. A trailing `?` marks a field whose zero value is meaningful
// (a Go pointer, or a required number): kept; other zero values are dropped as JSON's omitempty would.
// A leading `...` marks a Go-embedded struct that JSON inlines (`...volumeSource=2:VolumeSource`): its
// fields merge into the parent object. `Ignored` fields (status on writes that reset it) are skipped.
import { API_TABLES } from './tables-apis.js';
import { CORE_TABLES } from './tables-core.js';
import { META_TABLES } from './tables-meta.js';
import { POD_TABLES } from './tables-pod.js';
import { VOLUME_TABLES } from './tables-volumes.js';

const TABLES: Record<string, string> = { ...META_TABLES, ...CORE_TABLES, ...POD_TABLES, ...VOLUME_TABLES, ...API_TABLES };

/** Names of every message with a table (for checks). */
export const MESSAGE_NAMES: readonly string[] = Object.keys(TABLES);

/** Root message of each kind (apiVersion/kind as the envelope names them). */
export const ROOT_MESSAGES: Record<string, string> = {
  'v1/ConfigMap': 'ConfigMap', 'v1/Secret': 'Secret', 'v1/Namespace': 'Namespace', 'v1/ServiceAccount': 'ServiceAccount',
  'v1/Pod': 'Pod', 'v1/Service': 'Service', 'apps/v1/Deployment': 'Deployment', 'batch/v1/Job': 'Job', 'batch/v1/CronJob': 'CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'Role', 'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass', 'v1/ResourceQuota': 'ResourceQuota', 'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'policy/v1/Eviction': 'Eviction', 'networking.k8s.io/v1/Ingress': 'Ingress',
  'autoscaling/v1/HorizontalPodAutoscaler': 'autoscaling.v1.HorizontalPodAutoscaler',
  'autoscaling/v2/HorizontalPodAutoscaler': 'autoscaling.v2.HorizontalPodAutoscaler',
  'authentication.k8s.io/v1/TokenRequest': 'TokenRequest',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview', 'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview', 'v1/DeleteOptions': 'DeleteOptions', 'meta.k8s.io/v1/DeleteOptions': 'DeleteOptions',
};

export interface FieldSpec {
  name: string;
  type: string;
  repeated: boolean;
  map: boolean;
  keepZero: boolean;
  /** A Go-embedded struct: its fields merge into the parent. */
  inline: boolean;
}

const parsed = new Map<string, Map<number, FieldSpec>>();

export function messageFields(message: string): Map<number, FieldSpec> | undefined {
  const cached = parsed.get(message);
  if (cached !== undefined) return cached;
  const table = TABLES[message];
  if (table === undefined) return undefined;
  const fields = new Map<number, FieldSpec>();
  for (const entry of table.split(/\s+/).filter((e) => e !== '')) {
    const match = /^(\.\.\.)?(\w+)=(\d+):(\[\])?(map<)?([\w.]+?)>?(\?)?$/.exec(entry);
    if (match === null) throw new Error(`bad protobuf table entry ${entry} in ${message}`);
    const [, inline, name, number, repeated, map, type, keepZero] = match;
    fields.set(Number(number), { name, type, repeated: repeated !== undefined, map: map !== undefined, keepZero: keepZero !== undefined, inline: inline !== undefined });
  }
  parsed.set(message, fields);
  return fields;
}
