// OpenAPI definition names. Built-ins keep their upstream names (io.k8s.api.apps.v1.Deployment);
// custom resources get upstream's reversed-group name (stable.example.com v1 CronTab ->
// com.example.stable.v1.CronTab), as the apiextensions server publishes them.
import type { ServedResource } from '../served-resources.js';

export function customDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

export function definitionNameOf(resource: ServedResource): string {
  const { info, custom } = resource;
  return custom === undefined ? info.definition : customDefinitionName(info.group, info.version, info.kind);
}

export function listDefinitionNameOf(resource: ServedResource): string {
  const { info, custom } = resource;
  if (custom !== undefined) return customDefinitionName(info.group, info.version, info.listKind);
  const dot = info.definition.lastIndexOf('.');
  return `${info.definition.slice(0, dot + 1)}${info.listKind}`;
}
