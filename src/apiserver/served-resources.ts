// The resources the server serves right now: the built-in catalog plus CRDs added at run time.
// Routing, discovery, OpenAPI and tables all read from here, so a CRD appears everywhere at once.
import { EventEmitter } from 'node:events';
import type { ResourceInfo, SchemaNode } from '../api/schema-types.js';
import type { SchemaWalker } from '../machinery/schema-walk.js';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface ServedResource {
  info: ResourceInfo;
  /** Root schema of the kind (validation, defaulting, patch strategy, explain). */
  schema: SchemaNode;
  walker: SchemaWalker;
  /** Set for resources defined by a CustomResourceDefinition. */
  custom?: {
    crdName: string;
    /** The version objects are stored as (with `none` conversion only apiVersion changes). */
    storageVersion: string;
    printerColumns: PrinterColumn[];
    /** spec.versions[].subresources.scale paths */
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  };
}

const keyOf = (group: string, version: string, plural: string) => `${group}/${version}/${plural}`;

export class ServedResources extends EventEmitter {
  private readonly byKey = new Map<string, ServedResource>();

  add(resource: ServedResource): void {
    const { group, version, plural } = resource.info;
    this.byKey.set(keyOf(group, version, plural), resource);
    this.emit('change');
  }

  remove(group: string, version: string, plural: string): void {
    if (this.byKey.delete(keyOf(group, version, plural))) this.emit('change');
  }

  find(group: string, version: string, plural: string): ServedResource | undefined {
    return this.byKey.get(keyOf(group, version, plural));
  }

  findByKind(group: string, version: string, kind: string): ServedResource | undefined {
    for (const resource of this.byKey.values()) {
      const { info } = resource;
      if (info.group === group && info.version === version && info.kind === kind) return resource;
    }
    return undefined;
  }

  all(): ServedResource[] {
    return [...this.byKey.values()];
  }

  /** Served group/versions in a stable order: core first, then groups by name. */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const { info } of this.byKey.values()) seen.set(`${info.group}/${info.version}`, { group: info.group, version: info.version });
    return [...seen.values()].sort((a, b) => a.group.localeCompare(b.group) || a.version.localeCompare(b.version));
  }
}
