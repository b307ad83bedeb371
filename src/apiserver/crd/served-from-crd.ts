// One ServedResource per served version of a CustomResourceDefinition (apiextensions.k8s.io/v1).
import type { ResourceInfo, SubresourceInfo } from '../../api/schema-types.js';
import { createSchemaWalker, type RefResolver } from '../../machinery/schema-walk.js';
import type { PrinterColumn, ServedResource } from '../served-resources.js';
import { customResourceSchema } from './crd-schema.js';

type Obj = Record<string, unknown>;

export interface CrdNames {
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: unknown;
  subresources?: { status?: Obj; scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: PrinterColumn[];
}

export interface CrdView {
  name: string;
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: CrdNames;
  versions: CrdVersion[];
}

const CRUD_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

const asObject = (value: unknown): Obj => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {});
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Reads the parts of a CRD object the server acts on, filling upstream's defaults for names. */
export function readCrd(crd: Obj): CrdView {
  const spec = asObject(crd.spec);
  const names = asObject(spec.names);
  const kind = asString(names.kind);
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).map(asObject).map(
    (version): CrdVersion => ({
      name: asString(version.name),
      served: version.served === true,
      storage: version.storage === true,
      schema: asObject(version.schema).openAPIV3Schema,
      subresources: version.subresources as CrdVersion['subresources'],
      additionalPrinterColumns: Array.isArray(version.additionalPrinterColumns) ? (version.additionalPrinterColumns as PrinterColumn[]) : undefined,
    }),
  );
  return {
    name: asString(asObject(crd.metadata).name),
    group: asString(spec.group),
    scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
    names: {
      plural: asString(names.plural),
      singular: asString(names.singular) || kind.toLowerCase(),
      kind,
      listKind: asString(names.listKind) || `${kind}List`,
      shortNames: asStrings(names.shortNames),
      categories: asStrings(names.categories),
    },
    versions,
  };
}

export const storageVersionOf = (crd: CrdView): string => crd.versions.find((v) => v.storage)?.name ?? crd.versions[0]?.name ?? '';

export function servedFromCrd(crd: CrdView, resolveRef: RefResolver): ServedResource[] {
  const walker = createSchemaWalker(resolveRef);
  const storageVersion = storageVersionOf(crd);
  return crd.versions
    .filter((version) => version.served)
    .map((version) => {
      const subresources: SubresourceInfo[] = [];
      if (version.subresources?.status !== undefined) subresources.push({ name: 'status', kind: crd.names.kind, verbs: SUBRESOURCE_VERBS });
      const scale = version.subresources?.scale;
      if (scale !== undefined) subresources.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: SUBRESOURCE_VERBS });
      const info: ResourceInfo = {
        group: crd.group,
        version: version.name,
        kind: crd.names.kind,
        listKind: crd.names.listKind,
        plural: crd.names.plural,
        singular: crd.names.singular,
        namespaced: crd.scope === 'Namespaced',
        verbs: CRUD_VERBS,
        subresources,
        shortNames: crd.names.shortNames,
        categories: crd.names.categories,
        definition: `${crd.group}.${version.name}.${crd.names.kind}`,
      };
      return {
        info,
        schema: customResourceSchema(version.schema, crd.names.kind),
        walker,
        custom: {
          crdName: crd.name,
          storageVersion,
          printerColumns: version.additionalPrinterColumns ?? [],
          ...(scale !== undefined
            ? {
                scale: {
                  specReplicasPath: scale.specReplicasPath ?? '.spec.replicas',
                  statusReplicasPath: scale.statusReplicasPath ?? '.status.replicas',
                  ...(scale.labelSelectorPath !== undefined ? { labelSelectorPath: scale.labelSelectorPath } : {}),
                },
              }
            : {}),
        },
      };
    });
}
