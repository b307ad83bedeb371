// CustomResourceDefinitions: watch CRDs in the store and serve their resources (discovery, OpenAPI,
// the REST verbs, status/scale, printer columns), keeping each CRD's status up to date.
import { schemaCatalog } from '../../api/index.js';
import type { ApiContext } from '../context.js';
import { CrdController } from './crd-controller.js';

export { CrdController, CRD_PREFIX, CLEANUP_FINALIZER } from './crd-controller.js';
export { customResourceSchema, schemaNodeFromProps } from './crd-schema.js';
export { readCrd, servedFromCrd, type CrdView } from './served-from-crd.js';

export function startCrdServing(ctx: ApiContext): { stop(): Promise<void>; ready: Promise<void> } {
  const controller = new CrdController({
    store: ctx.store,
    served: ctx.served,
    logger: ctx.logger,
    clock: ctx.clock,
    resolveRef: (ref) => schemaCatalog().definitions[ref],
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
