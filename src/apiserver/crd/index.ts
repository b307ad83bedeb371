// CustomResourceDefinitions: watch CRDs in the store and serve their resources (discovery, OpenAPI,
// the REST verbs, status/scale, printer columns), keeping each CRD's status up to date.
import { schemaCatalog, type SchemaNode } from '../../api/index.js';
import type { ApiContext } from '../context.js';
import { CrdController } from './crd-controller.js';

export { CrdController, CRD_PREFIX, CLEANUP_FINALIZER } from './crd-controller.js';
export { customResourceSchema, schemaNodeFromProps } from './crd-schema.js';
export { readCrd, servedFromCrd, type CrdView } from './served-from-crd.js';

const FIELDS_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';

/**
 * Refs of a custom resource's schema resolve through the built-in catalog, except that FieldsV1
 * (managedFields' field sets, opaque JSON upstream) keeps its contents: without this, pruning and
 * strict field validation would treat `f:spec` entries as unknown fields on every update.
 */
export function customResourceRefResolver(ref: string): SchemaNode | undefined {
  const found = schemaCatalog().definitions[ref];
  return ref === FIELDS_V1 && found !== undefined ? { ...found, preserveUnknownFields: true } : found;
}

export function startCrdServing(ctx: ApiContext): { stop(): Promise<void>; ready: Promise<void> } {
  const controller = new CrdController({
    store: ctx.store,
    served: ctx.served,
    logger: ctx.logger,
    clock: ctx.clock,
    resolveRef: customResourceRefResolver,
  });
  const ready = controller.start().catch((error: unknown) => {
    ctx.logger.error({ err: error }, 'serving CRDs failed to start');
  });
  return {
    ready,
    async stop() {
      await ready;
      await controller.stop();
    },
  };
}
export { validateCustomResourceDefinition } from './validate-crd.js';
